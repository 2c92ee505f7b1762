from django.urls import path

from . import views, views_exchange, views_feedback, views_registrar

app_name = "registry"

urlpatterns = [
    # reporting organisations (and the report page everyone shares)
    path("", views.report_list, name="report_list"),
    path("nieuw/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/wijzigen/", views.report_edit, name="report_edit"),
    path("<int:pk>/status/", views.report_transition, name="report_transition"),
    # the registrar's workspace
    path("werkvoorraad/", views_registrar.queue, name="queue"),
    path("zoeken/", views_registrar.search, name="search"),
    path("personen/<int:pk>/", views_registrar.person_detail, name="person_detail"),
    path("personen/<int:pk>/dezelfde/", views_registrar.person_link, name="person_link"),
    path("personen/<int:pk>/niet-dezelfde/", views_registrar.person_unlink, name="person_unlink"),
    # files from and to partner systems
    path("import/", views_exchange.report_import, name="import"),
    path("export/htcds/", views_exchange.htcds_export, name="export_htcds"),
    path("terugkoppeling/", views_feedback.feedback_report, name="feedback"),
    path("terugkoppeling/csv/", views_feedback.feedback_csv, name="feedback_csv"),
    path("terugkoppeling/pdf/", views_feedback.feedback_pdf, name="feedback_pdf"),
]
