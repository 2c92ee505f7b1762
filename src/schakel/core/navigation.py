"""The menu and start-page tiles, per role. Apps add their entries here as they arrive."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[Role]
    description: str | Promise = ""


NAV_ITEMS: list[NavItem] = [
    # registry: reporting organisations and the central registrar (daily work first)
    NavItem(
        _("Werkvoorraad meldingen"),
        "registry:queue",
        frozenset({Role.REGISTRAR}),
        _("Nieuwe meldingen, meldingen in beoordeling en meldingen over de termijn."),
    ),
    NavItem(
        _("Mogelijk dezelfde persoon"),
        "linkage:review_queue",
        frozenset({Role.REGISTRAR}),
        _("Paren meldingen waarover het koppelmodel twijfelt: samenvoegen of niet."),
    ),
    NavItem(
        _("Meldingen zoeken"),
        "registry:search",
        frozenset({Role.REGISTRAR}),
        _("Zoeken op naam, geboortedatum of meldingsnummer."),
    ),
    NavItem(
        _("Nieuwe melding"),
        "registry:report_create",
        frozenset({Role.REPORTER, Role.CASE_WORKER}),
        _("Een mogelijk slachtoffer van mensenhandel melden bij de centrale registratie."),
    ),
    NavItem(
        _("Meldingen"),
        "registry:report_list",
        frozenset({Role.REPORTER, Role.CASE_WORKER}),
        _("De meldingen van uw organisatie en wat de centrale registratie besloot."),
    ),
    NavItem(
        _("Meldingen importeren"),
        "registry:import",
        frozenset({Role.REPORTER, Role.CASE_WORKER, Role.REGISTRAR}),
        _("Meldingen uit uw eigen systeem aanleveren als CSV- of XLSX-bestand."),
    ),
    NavItem(
        _("Export HTCDS"),
        "registry:export_htcds",
        frozenset({Role.REGISTRAR}),
        _("Geregistreerde slachtoffers, gepseudonimiseerd, in de indeling van het CTDC."),
    ),
    NavItem(
        _("Indicatorenlijsten"),
        "identification:list_index",
        frozenset({Role.REGISTRAR, Role.REPORTER, Role.CASE_WORKER}),
        _("Signalen van mensenhandel per element en sterkte, met versies en de criteria."),
    ),
    # shelter (issue 6): placement requests by case workers and the registrar; availability
    # of places for the registrar, care coordination and shelter staff (linked on the page).
    NavItem(
        _("Opvang"),
        "shelter:overview",
        frozenset({Role.CASE_WORKER, Role.REGISTRAR}),
        _("Plaatsingsverzoeken, open plaatsen in het land en beschikbaarheid bijwerken."),
    ),
    # shelter figures (aggregates): care coordination reaches them from the shelter page.
    NavItem(
        _("Cijfers opvang"),
        "shelter:occupancy",
        frozenset({Role.REGISTRAR, Role.ANALYST, Role.PROGRAMME_OFFICER}),
        _("Bezetting, onderbezetting, wachttijd en redenen van uitstroom."),
    ),
    # residence (B8/3): case workers and the registrar follow procedures; the monitoring point
    # (aggregates) is for the registrar and analysts.
    NavItem(
        _("Verblijfsregeling (B8/3)"),
        "residence:overview",
        frozenset({Role.CASE_WORKER, Role.REGISTRAR}),
        _("Bedenktijd, vergunningen en de termijnen die naderen."),
    ),
    NavItem(
        _("Monitor verblijfsregeling"),
        "residence:monitor",
        frozenset({Role.REGISTRAR, Role.ANALYST}),
        _("Werd de bedenktijd aangeboden? Per jaar en per meldende organisatie."),
    ),
    NavItem(
        _("Gebruikers"),
        "accounts:user_list",
        frozenset({Role.ORGANISATION_ADMIN, Role.SYSTEM_ADMIN}),
        _("Accounts en rollen van uw organisatie beheren."),
    ),
    NavItem(
        _("Audittrail"),
        "core:audit_list",
        frozenset({Role.SYSTEM_ADMIN}),
        _("Wie heeft wanneer welke persoonsgegevens ingezien of gewijzigd."),
    ),
    NavItem(
        _("Actieplannen"),
        "programme:plan_list",
        frozenset({Role.PROGRAMME_OFFICER, Role.ANALYST, Role.SYSTEM_ADMIN}),
        _("Acties van de plannen tegen mensenhandel, hun status en voortgang."),
    ),
    NavItem(
        _("Termijnen"),
        "programme:deadlines",
        frozenset({Role.PROGRAMME_OFFICER, Role.SYSTEM_ADMIN}),
        _("Acties over tijd en naderende einddatums, per ministerie."),
    ),
    NavItem(
        _("Indicatoren"),
        "programme:indicator_list",
        frozenset({Role.PROGRAMME_OFFICER, Role.ANALYST, Role.SYSTEM_ADMIN}),
        _("Doelen, realisaties en prognoses met statuskleur."),
    ),
    NavItem(
        _("Voortgangsrapportage"),
        "programme:report",
        frozenset({Role.PROGRAMME_OFFICER, Role.ANALYST, Role.SYSTEM_ADMIN}),
        _("De jaarlijkse rapportage aan de Tweede Kamer als HTML, PDF, XLSX of CSV."),
    ),
    NavItem(
        _("Ministeries"),
        "programme:ministry_list",
        frozenset({Role.SYSTEM_ADMIN}),
        _("Koppel ministeries aan organisaties voor het melden van voortgang."),
    ),
    # sharing (issue 9): the rules are public to every user; requests, decisions and the log
    # by role; the person's rights are exercised through the registrar's person view.
    NavItem(
        _("Gegevens vragen"),
        "sharing:request_list",
        frozenset({Role.CASE_WORKER, Role.PRIVACY_OFFICER, Role.REGISTRAR}),
        _("Gegevens van een andere organisatie vragen voor een doel; besluiten en verstrekkingen."),
    ),
    NavItem(
        _("Regels gegevensdeling"),
        "sharing:matrix",
        frozenset(Role),
        _("Wie mag welke gegevens delen, voor welk doel en op welke grondslag."),
    ),
    NavItem(
        _("Verstrekkingslog"),
        "sharing:log",
        frozenset({Role.PRIVACY_OFFICER, Role.REGISTRAR}),
        _("Wat is aan wie verstrekt of geweigerd, met grondslag of reden."),
    ),
    NavItem(
        _("Analyse (gepseudonimiseerd)"),
        "sharing:analysis",
        frozenset({Role.ANALYST}),
        _("Geregistreerde meldingen zonder direct identificerende gegevens."),
    ),
    NavItem(
        _("Terugkoppeling"),
        "registry:feedback",
        frozenset({Role.REPORTER, Role.CASE_WORKER, Role.REGISTRAR, Role.ANALYST}),
        _("Maandelijkse cijfers: meldingen, besluiten, doorlooptijd en wat volgde."),
    ),
]

ROLE_INTRODUCTIONS: dict[Role, str | Promise] = {
    Role.REPORTER: _(
        "U meldt mogelijke slachtoffers van mensenhandel bij de centrale "
        "registratie en ziet wat er met uw meldingen is gebeurd."
    ),
    Role.CASE_WORKER: _("U begeleidt slachtoffers: bedenktijd, verblijf, opvang en zorg."),
    Role.REGISTRAR: _(
        "U beoordeelt meldingen met de uniforme criteria en registreert "
        "slachtoffers; u geeft melders terugkoppeling."
    ),
    Role.ANALYST: _(
        "U werkt met geaggregeerde cijfers en schattingen van het dark number, "
        "zonder persoonsgegevens."
    ),
    Role.PROGRAMME_OFFICER: _("U volgt de acties van het actieplan en rapporteert de voortgang."),
    Role.ORGANISATION_ADMIN: _("U beheert de gebruikers en rollen van uw organisatie."),
    Role.PRIVACY_OFFICER: _(
        "U beslist over verzoeken om gegevens van uw organisatie waar de regels een "
        "noodzaaktoets vragen, en houdt het verstrekkingslog bij."
    ),
    Role.SYSTEM_ADMIN: _("U beheert Schakel: organisaties, gebruikers en de audittrail."),
}


def items_for(roles: frozenset[Role]) -> list[NavItem]:
    return [item for item in NAV_ITEMS if item.roles & roles]
