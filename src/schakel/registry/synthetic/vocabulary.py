"""The tables that shape the synthetic registry: volumes, shares and word lists.

Plain Python data, no Django. The values are plausible approximations for a demo and for
testing linkage and estimation, not statistics; where a published figure exists it is used
and its source named. Codes are the values of `schakel.registry.choices` (a test checks
that they match).
"""

from __future__ import annotations

# -- volumes ---------------------------------------------------------------------------------

# Possible victims reported to CoMensha (DOMAIN.md, from the 2020 progress letter on the
# programme "Samen tegen mensenhandel"): 780 in 2018, 1,372 in 2019. CoMensha counts persons,
# so these are persons first reported in the year; with about a fifth of the persons reported
# by more than one organisation, a year has about a quarter more reports than persons.
PUBLISHED_PERSONS_PER_YEAR: dict[int, int] = {2018: 780, 2019: 1372}
# Years without a published figure get the 2019 level ("about 1,400 a year").
DEFAULT_PERSONS_PER_YEAR = 1400

# -- who reports -----------------------------------------------------------------------------

# Reporter groups; the loader maps organisation kinds onto them.
POLICE = "police"
CARE_COORDINATION = "care_coordination"
MARECHAUSSEE = "marechaussee"
LABOUR_INSPECTORATE = "labour_inspectorate"
SHELTER = "shelter"
OTHER = "other"  # Veilig Thuis, municipalities, IND, youth care, NGOs
REPORTER_GROUPS = (POLICE, CARE_COORDINATION, MARECHAUSSEE, LABOUR_INSPECTORATE, SHELTER, OTHER)

# The first organisation to report a person. Base: the marginals of the CoMensha registrations
# 2010-2015 by source (shared/data/mse/Ned.csv: police 58%, KMar 16%, others 10%, care
# coordinators 9%, shelters 6.5%, labour inspectorate 4.8% of 8,234 persons), shifted towards
# the care coordinators, whose reports grew with national coverage (94% in 2020) and who,
# with the police, carried the rise of 2019.
FIRST_REPORTER_SHARES: dict[str, float] = {
    POLICE: 0.55,
    CARE_COORDINATION: 0.14,
    MARECHAUSSEE: 0.12,
    LABOUR_INSPECTORATE: 0.07,
    SHELTER: 0.05,
    OTHER: 0.07,
}
# Later reports about the same person: Ned.csv's overlaps are mostly police with care
# coordinators, others and shelters.
LATER_REPORTER_SHARES: dict[str, float] = {
    POLICE: 0.40,
    CARE_COORDINATION: 0.22,
    OTHER: 0.15,
    SHELTER: 0.12,
    MARECHAUSSEE: 0.06,
    LABOUR_INSPECTORATE: 0.05,
}
# Share of persons reported by more than one organisation, and how many reports they get.
MULTI_REPORTED_SHARE = 0.20
EXTRA_REPORTS_WEIGHTS: dict[int, float] = {1: 0.80, 2: 0.17, 3: 0.03}
# Days between a person's first and a later report: exponential with this mean.
LATER_REPORT_MEAN_DAYS = 60

# -- forms of exploitation ---------------------------------------------------------------------

SEXUAL_SEX_INDUSTRY = "sexual_sex_industry"
SEXUAL_OTHER = "sexual_other"
LABOUR = "labour"
CRIMINAL = "criminal"
OTHER_FORM = "other"
UNKNOWN_FORM = "unknown"
FORMS = (SEXUAL_SEX_INDUSTRY, SEXUAL_OTHER, LABOUR, CRIMINAL, OTHER_FORM)

# How a reporter group tilts the forms it sees (multiplies the nationality's weights).
GROUP_FORM_TILT: dict[str, dict[str, float]] = {
    LABOUR_INSPECTORATE: {LABOUR: 12.0, SEXUAL_SEX_INDUSTRY: 0.2, SEXUAL_OTHER: 0.1, CRIMINAL: 0.5},
    CARE_COORDINATION: {SEXUAL_OTHER: 1.6, SEXUAL_SEX_INDUSTRY: 1.2, LABOUR: 0.6},
    SHELTER: {SEXUAL_OTHER: 1.4, SEXUAL_SEX_INDUSTRY: 1.2},
    MARECHAUSSEE: {OTHER_FORM: 2.0, SEXUAL_OTHER: 0.5},
}
SECOND_FORM_SHARE = 0.08
UNKNOWN_FORM_SHARE = 0.02

LABOUR_SECTORS: dict[str, float] = {
    "agriculture": 0.16,
    "meat_processing": 0.08,
    "construction": 0.10,
    "hospitality": 0.14,
    "cleaning": 0.08,
    "logistics": 0.10,
    "domestic_work": 0.08,
    "beauty": 0.08,
    "retail": 0.04,
    "manufacturing": 0.05,
    "shipping": 0.03,
    "other": 0.03,
    "unknown": 0.04,
}
CRIMINAL_ACTIVITIES: dict[str, float] = {
    "drugs": 0.45,
    "theft": 0.25,
    "begging": 0.08,
    "fraud": 0.14,
    "other": 0.04,
    "unknown": 0.04,
}

# -- people -------------------------------------------------------------------------------------

# Gender by form: (female, male, other) shares.
GENDER_BY_FORM: dict[str, tuple[float, float, float]] = {
    SEXUAL_SEX_INDUSTRY: (0.92, 0.06, 0.02),
    SEXUAL_OTHER: (0.90, 0.09, 0.01),
    LABOUR: (0.30, 0.69, 0.01),
    CRIMINAL: (0.40, 0.59, 0.01),
    OTHER_FORM: (0.55, 0.44, 0.01),
}
# Date of birth as the first report gives it.
BIRTH_PRECISION_WEIGHTS: dict[str, float] = {
    "exact": 0.66,
    "year": 0.09,
    "estimated": 0.08,
    "unknown": 0.17,
}
ALIAS_SHARE = 0.10
NAME_UNKNOWN_SHARE = 0.025
SECOND_GIVEN_NAME_SHARE = 0.30  # Dutch, Romanian, Polish, Hungarian, Brazilian
ALIASES = (
    "Mimi",
    "Baby",
    "Sandra",
    "Lola",
    "Kiki",
    "Nina",
    "Angel",
    "Candy",
    "Jenny",
    "Bobby",
    "Prince",
    "Tiger",
    "Mo",
    "Sunny",
    "Lucky",
    "Rico",
)

# -- places --------------------------------------------------------------------------------------

MUNICIPALITIES: dict[str, float] = {
    "Amsterdam": 0.18,
    "Rotterdam": 0.12,
    "'s-Gravenhage": 0.09,
    "Utrecht": 0.07,
    "Eindhoven": 0.05,
    "Groningen": 0.04,
    "Tilburg": 0.03,
    "Almere": 0.03,
    "Breda": 0.03,
    "Nijmegen": 0.03,
    "Arnhem": 0.03,
    "Haarlem": 0.03,
    "Enschede": 0.03,
    "Zwolle": 0.02,
    "Westland": 0.03,
    "Venlo": 0.03,
    "Haarlemmermeer": 0.03,
    "Leeuwarden": 0.02,
    "Maastricht": 0.02,
    "Den Helder": 0.01,
    "Emmen": 0.01,
    "Zaanstad": 0.02,
    "Apeldoorn": 0.02,
    "Dordrecht": 0.02,
    "Heerlen": 0.02,
}
ABROAD_PLACE_SHARE = 0.25  # foreign nationals: exploitation also in the country of origin

# -- the rest of a report --------------------------------------------------------------------------

CONSENT_WEIGHTS: dict[str, float] = {"given": 0.80, "refused": 0.05, "not_asked": 0.15}
CONSENT_NOT_ASKED_REASONS = (
    "Persoon was niet aanspreekbaar.",
    "Melding op basis van signalen uit een onderzoek; geen contact met de persoon.",
    "Minderjarige; voogd nog niet bekend.",
    "Geen tolk beschikbaar tijdens het gesprek.",
    "Persoon is vertrokken voordat toestemming kon worden gevraagd.",
)
EXPLOITATION_STATUS_WEIGHTS: dict[str, float] = {"ended": 0.45, "ongoing": 0.35, "unknown": 0.20}
NEEDS_SHARES = {"shelter": 0.35, "medical": 0.15, "safety": 0.12}
HEALTH_NOTES = (
    "Zwanger.",
    "Klachten van uitputting.",
    "Verwondingen aan armen en benen.",
    "Psychische klachten, slaapt slecht.",
    "Verslaafd; behandeling nodig.",
)
HEALTH_NOTES_SHARE = 0.10
CRIMINAL_RECORD_NOTES = (
    "Aangehouden voor winkeldiefstal.",
    "Aangetroffen in hennepkwekerij.",
    "Verdacht van drugskoerierschap.",
)
SUSPECT_SHARE = 0.70
SUSPECT_RELATIONS: dict[str, dict[str, float]] = {
    SEXUAL_SEX_INDUSTRY: {
        "partner": 0.35,
        "recruiter": 0.25,
        "acquaintance": 0.15,
        "family": 0.05,
        "unknown": 0.20,
    },
    SEXUAL_OTHER: {"partner": 0.45, "acquaintance": 0.20, "family": 0.15, "unknown": 0.20},
    LABOUR: {"employer": 0.60, "recruiter": 0.25, "family": 0.05, "unknown": 0.10},
    CRIMINAL: {
        "acquaintance": 0.35,
        "recruiter": 0.25,
        "family": 0.15,
        "partner": 0.10,
        "unknown": 0.15,
    },
    OTHER_FORM: {"recruiter": 0.30, "family": 0.30, "other": 0.20, "unknown": 0.20},
}
DOCUMENT_SHARE_FOREIGN = 0.45
DOCUMENT_SHARE_DUTCH = 0.20
PHONE_SHARE = 0.30
BIRTH_PLACE_SHARE = 0.40

# -- the registrar's decisions ---------------------------------------------------------------------

DECISION_WEIGHTS: dict[str, float] = {"registered": 0.87, "not_registered": 0.11, "withdrawn": 0.02}
# Codes of registry.NotRegisteredReason (migration 0002); "duplicate" only for later reports.
NOT_REGISTERED_REASONS: dict[str, float] = {
    "no_indications": 0.35,
    "insufficient_information": 0.30,
    "no_consent": 0.15,
    "not_identifiable": 0.10,
    "other": 0.05,
}
DUPLICATE_REASON_SHARE_OF_LATER = 0.25
WITHDRAW_REASONS = (
    "Melder trekt de melding in: onjuiste persoon gemeld.",
    "Melding per abuis ingediend.",
    "Persoon is eerder door ons gemeld.",
)
# Share of later reports the registrar has already linked to the person's first report.
LINKED_SHARE = 0.6
