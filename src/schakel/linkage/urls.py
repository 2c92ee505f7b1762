from django.urls import path

from . import views

app_name = "linkage"

urlpatterns = [
    path("beoordelen/", views.review_queue, name="review_queue"),
    path("beoordelen/<int:pk>/", views.review_pair, name="review_pair"),
    path("beoordelen/<int:pk>/besluit/", views.review_decide, name="review_decide"),
    path("melding/<int:pk>/mogelijk-dezelfde/", views.report_matches, name="report_matches"),
]
