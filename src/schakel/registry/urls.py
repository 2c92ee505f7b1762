from django.urls import path

from . import views_exchange

app_name = "registry"

urlpatterns = [
    # files from and to partner systems
    path("import/", views_exchange.report_import, name="import"),
    path("export/htcds/", views_exchange.htcds_export, name="export_htcds"),
]
