from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("schakel.core.urls")),
    path("accounts/", include("schakel.accounts.urls")),
    path("meldingen/", include("schakel.registry.urls")),
    path("programma/", include("schakel.programme.urls")),
    path("opvang/", include("schakel.shelter.urls")),
    path("koppeling/", include("schakel.linkage.urls")),
    path("identificatie/", include("schakel.identification.urls")),
    path("verblijf/", include("schakel.residence.urls")),
    path("delen/", include("schakel.sharing.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("schakel.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api_docs"),
]
