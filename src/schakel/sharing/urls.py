from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("regels/", views.matrix, name="matrix"),
    path("verzoeken/", views.request_list, name="request_list"),
    path("verzoeken/nieuw/", views.request_create, name="request_create"),
    path("verzoeken/<int:pk>/", views.request_detail, name="request_detail"),
    path("verzoeken/<int:pk>/besluit/", views.request_decide, name="request_decide"),
    path("log/", views.log, name="log"),
    path("persoon/<int:pk>/", views.person_rights, name="person_rights"),
    path("persoon/<int:pk>/toestemming/", views.consent_create, name="consent_create"),
    path(
        "persoon/<int:pk>/toestemming/<int:consent_pk>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("persoon/<int:pk>/beperking/", views.restriction_set, name="restriction_set"),
    path(
        "persoon/<int:pk>/beperking/<int:restriction_pk>/opheffen/",
        views.restriction_lift,
        name="restriction_lift",
    ),
    path("persoon/<int:pk>/rectificatie/", views.rectify, name="rectify"),
    path("persoon/<int:pk>/inzage.json", views.export_json, name="export_json"),
    path("persoon/<int:pk>/inzage.pdf", views.export_pdf, name="export_pdf"),
    path("analyse/", views.analysis, name="analysis"),
]
