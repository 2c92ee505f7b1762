from django.urls import path

from . import views

app_name = "identification"

urlpatterns = [
    path("", views.list_index, name="list_index"),
    path("lijsten/<int:pk>/", views.list_detail, name="list_detail"),
    path("lijsten/<int:pk>/nieuwe-versie/", views.list_draft, name="list_draft"),
    path("lijsten/<int:pk>/bewerken/", views.list_edit, name="list_edit"),
    path("lijsten/<int:pk>/publiceren/", views.list_publish, name="list_publish"),
    path("lijsten/verschil/", views.list_diff, name="list_diff"),
    path("meldingen/<int:report_id>/", views.report_assessments, name="report_assessments"),
    path(
        "meldingen/<int:report_id>/beoordelen/", views.assessment_create, name="assessment_create"
    ),
    path("meldingen/<int:report_id>/mdt/", views.mdt_create, name="mdt_create"),
    path("beoordelingen/<int:pk>/", views.assessment_detail, name="assessment_detail"),
]
