from django.urls import path

from . import views

app_name = "residence"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("nieuw/", views.procedure_open, name="procedure_open"),
    path("<int:pk>/", views.procedure_detail, name="procedure_detail"),
    path("<int:pk>/stap/", views.procedure_step, name="procedure_step"),
    path("<int:pk>/correctie/", views.procedure_correct, name="procedure_correct"),
    path("<int:pk>/informatieblad/<slug:language>/", views.sheet, name="info_sheet"),
    path("<int:pk>/informatieblad/<slug:language>/pdf/", views.sheet_pdf, name="info_sheet_pdf"),
    path("monitor/", views.monitor, name="monitor"),
    path("monitor/csv/", views.monitor_csv, name="monitor_csv"),
    path("monitor/pdf/", views.monitor_pdf, name="monitor_pdf"),
]
