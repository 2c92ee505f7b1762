from __future__ import annotations

import pandas as pd
import pytest

from schakel.linkage.engine.normalise import plain, sound_key, split_family_name
from schakel.linkage.engine.prepare import prepare


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("van der Meer", ("van der", "meer")),
        ("Van der Meer", ("van der", "meer")),
        ("Meer, van der", ("van der", "meer")),
        ("v.d. Meer", ("van der", "meer")),
        ("vd Meer", ("van der", "meer")),
        ("van den Berg", ("van den", "berg")),
        ("de Vries", ("de", "vries")),
        ("ter Horst", ("ter", "horst")),
        ("Dekker", ("", "dekker")),
        ("Vandermeer", ("", "vandermeer")),
        ("De", ("", "de")),
        ("", ("", "")),
    ],
)
def test_dutch_particles_go_to_their_own_column(written: str, expected: tuple[str, str]) -> None:
    assert split_family_name(written) == expected


def test_plain_drops_accents_case_and_punctuation() -> None:
    assert plain("Ştefan-Ioan  Ţăran") == "stefan ioan taran"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mohammed", "Mohamed"),
        ("Katharina", "Catharina"),
        ("Janssen", "Jansen"),
        ("Gebre", "Ghebre"),
    ],
)
def test_sound_key_joins_spellings_of_one_sound(a: str, b: str) -> None:
    assert sound_key(a) == sound_key(b)


def test_prepare_splits_dates_and_keeps_whole_family_name() -> None:
    frame = prepare(
        pd.DataFrame(
            [
                {
                    "unique_id": 1,
                    "given_names": "Anna Maria",
                    "family_name": "van der Meer",
                    "birth_date": "2001-03-12",
                    "gender": "female",
                    "nationality": "NL,MA",
                },
                {"unique_id": 2, "given_names": "", "family_name": "", "birth_year": None},
            ]
        )
    )
    first = frame.iloc[0]
    assert (first.given, first.given_all, first.particle, first.family) == (
        "anna",
        "anna maria",
        "van der",
        "meer",
    )
    assert first.family_whole == "vandermeer"
    assert (first.dob, first.birth_year, first.birth_month, first.birth_day) == (
        "2001-03-12",
        2001,
        3,
        12,
    )
    assert first.nationality == "NL"
    assert bool(first.usable) is True
    # No identifying field at all: never linked.
    assert bool(frame.iloc[1].usable) is False
