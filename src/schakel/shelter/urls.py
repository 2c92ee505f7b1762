from django.urls import path

from . import views, views_coverage, views_figures

app_name = "shelter"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("plaatsen/", views.availability, name="availability"),
    path("locatie/<int:pk>/", views.facility_update, name="facility_update"),
    path("locatie/<int:pk>/capaciteit/", views.capacity_change, name="capacity_change"),
    path("cijfers/uitstroom/", views_figures.discharges, name="discharges"),
    path("cijfers/uitstroom/csv/", views_figures.discharges_csv, name="discharges_csv"),
    path("cijfers/bezetting/", views_figures.occupancy, name="occupancy"),
    path("cijfers/bezetting/csv/", views_figures.occupancy_csv, name="occupancy_csv"),
    path("cijfers/onderbezetting/", views_figures.under_occupancy, name="under_occupancy"),
    path(
        "cijfers/onderbezetting/csv/",
        views_figures.under_occupancy_csv,
        name="under_occupancy_csv",
    ),
    path("cijfers/wachttijd/", views_figures.waiting, name="waiting"),
    path("cijfers/wachttijd/csv/", views_figures.waiting_csv, name="waiting_csv"),
    path("zorgcoordinatie/", views_coverage.coverage_page, name="coverage"),
    path("zorgcoordinatie/csv/", views_coverage.coverage_csv, name="coverage_csv"),
    path("zorgcoordinatie/wijzigen/", views_coverage.coverage_edit, name="coverage_edit"),
    path("verzoek/nieuw/", views.placement_create, name="placement_create"),
    path("verzoek/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("verzoek/<int:pk>/stap/", views.placement_transition, name="placement_transition"),
]
