"""What happened to a person: forms of exploitation, places, suspects, period, and the
report-specific parts (consent, urgent needs, narrative)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .names import draw_name, written_name
from .people import Truth
from .records import SyntheticForm, SyntheticPlace, SyntheticSuspect
from .sampling import chance, pick
from .vocabulary import (
    ABROAD_PLACE_SHARE,
    ALIASES,
    CONSENT_NOT_ASKED_REASONS,
    CONSENT_WEIGHTS,
    CRIMINAL,
    CRIMINAL_ACTIVITIES,
    CRIMINAL_RECORD_NOTES,
    EXPLOITATION_STATUS_WEIGHTS,
    FORMS,
    HEALTH_NOTES,
    HEALTH_NOTES_SHARE,
    LABOUR,
    LABOUR_SECTORS,
    MUNICIPALITIES,
    NEEDS_SHARES,
    SECOND_FORM_SHARE,
    SEXUAL_OTHER,
    SEXUAL_SEX_INDUSTRY,
    SUSPECT_RELATIONS,
    SUSPECT_SHARE,
    UNKNOWN_FORM,
    UNKNOWN_FORM_SHARE,
)

RECRUITMENT = (
    "via sociale media",
    "via een datingapp",
    "via een uitzendbureau",
    "door een bekende uit het dorp",
    "door een vriend",
    "via een familielid",
    "met een baanaanbod op internet",
)
FORM_SENTENCES = {
    SEXUAL_SEX_INDUSTRY: "moest in {place} in de prostitutie werken en de verdiensten afstaan.",
    SEXUAL_OTHER: "werd in {place} gedwongen tot seks met anderen, in woningen en hotels.",
    LABOUR: "werkte in {place} zeven dagen per week voor weinig of geen loon.",
    CRIMINAL: "werd in {place} gedwongen tot criminele activiteiten.",
    "other": "werd in {place} uitgebuit op een manier die nog niet duidelijk is.",
    UNKNOWN_FORM: "werd in {place} mogelijk uitgebuit.",
}


@dataclass(frozen=True)
class Situation:
    forms: tuple[SyntheticForm, ...]
    places: tuple[SyntheticPlace, ...]
    suspects: tuple[SyntheticSuspect, ...]
    exploitation_status: str
    exploitation_started_on: date | None
    exploitation_ended_on: date | None
    criminal_record_notes: str


def _form(rng: random.Random, form: str) -> SyntheticForm:
    if form == LABOUR:
        return SyntheticForm(form, labour_sector=pick(rng, LABOUR_SECTORS))
    if form == CRIMINAL:
        return SyntheticForm(form, criminal_activity=pick(rng, CRIMINAL_ACTIVITIES))
    return SyntheticForm(form)


def _suspect(rng: random.Random, truth: Truth, *, seed: int, form: str) -> SyntheticSuspect:
    relation = pick(rng, SUSPECT_RELATIONS[form])
    name = ""
    if chance(rng, 0.55):
        drawn = draw_name(
            rng,
            source=truth.nationality.names,
            seed=seed,
            female=chance(rng, 0.2),
            second_given_share=0.0,
        )
        given, family = written_name(drawn)
        name = f"{given[:1]}. {family}"
    notes = f"Noemt zich '{rng.choice(ALIASES)}'." if chance(rng, 0.3) else ""
    return SyntheticSuspect(name=name, relation=relation, notes=notes)


def make_situation(
    rng: random.Random, truth: Truth, *, seed: int, form: str, first_reported_on: date
) -> Situation:
    forms = [_form(rng, form)]
    if chance(rng, SECOND_FORM_SHARE):
        second = rng.choice([f for f in FORMS if f != form])
        forms.append(_form(rng, second))
    if chance(rng, UNKNOWN_FORM_SHARE):
        forms = [SyntheticForm(UNKNOWN_FORM)]
    places: list[SyntheticPlace] = []
    if chance(rng, 0.95):
        municipality = truth.municipality if chance(rng, 0.6) else pick(rng, MUNICIPALITIES)
        places.append(SyntheticPlace("nl", municipality=municipality))
    if truth.nationality.code != "NL" and chance(rng, ABROAD_PLACE_SHARE):
        places.append(SyntheticPlace("abroad", country=truth.nationality.code))
    suspects: tuple[SyntheticSuspect, ...] = ()
    if chance(rng, SUSPECT_SHARE):
        count = 2 if chance(rng, 0.2) else 1
        suspects = tuple(_suspect(rng, truth, seed=seed, form=form) for _ in range(count))
    status = pick(rng, EXPLOITATION_STATUS_WEIGHTS)
    started: date | None = truth.exploitation_started
    ended: date | None = None
    if status == "ended":
        span = (first_reported_on - truth.exploitation_started).days
        ended = truth.exploitation_started + timedelta(days=rng.randint(0, span))
        started = started if chance(rng, 0.8) else None
    elif status == "unknown" and chance(rng, 0.6):
        started = None
    criminal_notes = (
        rng.choice(CRIMINAL_RECORD_NOTES) if form == CRIMINAL and chance(rng, 0.25) else ""
    )
    return Situation(tuple(forms), tuple(places), suspects, status, started, ended, criminal_notes)


@dataclass(frozen=True)
class ReportParts:
    """What differs per report about the same situation."""

    consent: str
    consent_not_asked_reason: str
    needs_shelter: bool
    needs_medical: bool
    needs_safety: bool
    health_notes: str
    narrative: str


def _narrative(rng: random.Random, truth: Truth, situation: Situation) -> str:
    pronoun = {"female": "Zij", "male": "Hij"}.get(truth.gender, "De persoon")
    place = next((p.municipality for p in situation.places if p.municipality), "Nederland")
    form = situation.forms[0].form
    sentence = FORM_SENTENCES.get(form, FORM_SENTENCES[UNKNOWN_FORM]).format(place=place)
    return f"{pronoun} werd {rng.choice(RECRUITMENT)} geronseld en {sentence}"


def make_report_parts(rng: random.Random, truth: Truth, situation: Situation) -> ReportParts:
    consent = pick(rng, CONSENT_WEIGHTS)
    return ReportParts(
        consent=consent,
        consent_not_asked_reason=(
            rng.choice(CONSENT_NOT_ASKED_REASONS) if consent == "not_asked" else ""
        ),
        needs_shelter=chance(rng, NEEDS_SHARES["shelter"]),
        needs_medical=chance(rng, NEEDS_SHARES["medical"]),
        needs_safety=chance(rng, NEEDS_SHARES["safety"]),
        health_notes=rng.choice(HEALTH_NOTES) if chance(rng, HEALTH_NOTES_SHARE) else "",
        narrative=_narrative(rng, truth, situation),
    )
