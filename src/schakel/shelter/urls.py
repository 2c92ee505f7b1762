from django.urls import path

from . import views

app_name = "shelter"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("plaatsen/", views.availability, name="availability"),
    path("locatie/<int:pk>/", views.facility_update, name="facility_update"),
    path("verzoek/nieuw/", views.placement_create, name="placement_create"),
    path("verzoek/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("verzoek/<int:pk>/stap/", views.placement_transition, name="placement_transition"),
]
