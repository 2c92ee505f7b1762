"""All API routes, under /api/v1/."""

from django.urls import path

from schakel.accounts import api as accounts_api
from schakel.core import api_views as core_api
from schakel.programme import api as programme_api
from schakel.registry import api as registry_api
from schakel.sharing import api as sharing_api

app_name = "api"

urlpatterns = [
    path("auth/token/", accounts_api.TokenObtainView.as_view(), name="token"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("users/", accounts_api.UserListView.as_view(), name="users"),
    path("organisations/", accounts_api.OrganisationListView.as_view(), name="organisations"),
    path("audit-events/", core_api.AuditEventListView.as_view(), name="audit_events"),
    path("reports/", registry_api.ReportListCreateView.as_view(), name="reports"),
    path("reports/<int:pk>/", registry_api.ReportDetailView.as_view(), name="report_detail"),
    path(
        "reports/<int:pk>/transitions/",
        registry_api.ReportTransitionView.as_view(),
        name="report_transitions",
    ),
    path("programme/actions/", programme_api.ActionListView.as_view(), name="programme_actions"),
    path(
        "programme/actions/<int:pk>/progress/",
        programme_api.ProgressCreateView.as_view(),
        name="programme_progress",
    ),
    path(
        "programme/indicators/",
        programme_api.IndicatorListView.as_view(),
        name="programme_indicators",
    ),
    path("sharing/rules/", sharing_api.RuleSetView.as_view(), name="sharing_rules"),
    path("sharing/requests/", sharing_api.RequestListCreateView.as_view(), name="sharing_requests"),
    path(
        "sharing/requests/<int:pk>/",
        sharing_api.RequestDetailView.as_view(),
        name="sharing_request_detail",
    ),
    path("sharing/analysis/", sharing_api.AnalysisView.as_view(), name="sharing_analysis"),
    path(
        "sharing/persons/<int:pk>/export/",
        sharing_api.PersonExportView.as_view(),
        name="sharing_person_export",
    ),
]
