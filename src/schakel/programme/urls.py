from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("termijnen/", views.deadlines, name="deadlines"),
    path("indicatoren/", views.indicator_list, name="indicator_list"),
    path("indicatoren/<slug:slug>/", views.indicator_detail, name="indicator_detail"),
    path(
        "indicatoren/<slug:slug>/waarde/",
        views.indicator_value_create,
        name="indicator_value_create",
    ),
    path("rapportage/", views.report, name="report"),
    path("rapportage/pdf/", views.report_pdf, name="report_pdf"),
    path("rapportage/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("rapportage/csv/", views.report_csv, name="report_csv"),
    path("ministeries/", views.ministry_list, name="ministry_list"),
    path("ministeries/<int:pk>/ontkoppelen/", views.ministry_unlink, name="ministry_unlink"),
    path("<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("<slug:slug>/acties/<int:number>/", views.action_detail, name="action_detail"),
    path(
        "<slug:slug>/acties/<int:number>/voortgang/", views.progress_create, name="progress_create"
    ),
]
