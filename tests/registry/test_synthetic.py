"""The synthetic generator: reproducible, realistic in volume and shape, valid, with the truth.

No database: the generator is pure. Volumes are checked with the arithmetic at full scale and
the shapes on small generated samples, so the tests stay fast.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from functools import cache

import pytest

from schakel.registry.choices import (
    ConsentStatus,
    CriminalActivity,
    DatePrecision,
    ExploitationForm,
    ExploitationPeriodStatus,
    Gender,
    LabourSector,
    ReportStatus,
    SuspectRelation,
)
from schakel.registry.inputs import validate_report_input
from schakel.registry.synthetic import (
    GeneratorConfig,
    SyntheticDataset,
    expected_reports,
    generate,
    generate_year,
    persons_in_year,
)
from schakel.registry.synthetic import variations as v
from schakel.registry.synthetic import vocabulary as vocab
from schakel.registry.synthetic.load import to_input
from schakel.registry.synthetic.names import transliterate
from schakel.registry.synthetic.nationalities import NATIONALITIES

TODAY = date(2019, 12, 31)


@cache
def sample(seed: int = 11, *, scale: float = 0.25, multi: float = 0.2) -> SyntheticDataset:
    """Two full years (2018, 2019) at a quarter of the published volume."""
    return generate(
        GeneratorConfig(today=TODAY, seed=seed, years=2, scale=scale, multi_reported_share=multi)
    )


def test_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    config = GeneratorConfig(today=TODAY, seed=5, years=1, scale=0.05)
    first, again = generate(config), generate(config)
    assert first.reports == again.reports
    assert first.persons == again.persons
    other = generate(GeneratorConfig(today=TODAY, seed=6, years=1, scale=0.05))
    assert [r.person for r in other.reports] != [r.person for r in first.reports]


def test_a_year_does_not_depend_on_how_many_years_were_asked_for() -> None:
    two = GeneratorConfig(today=TODAY, seed=3, years=2, scale=0.05)
    three = GeneratorConfig(today=TODAY, seed=3, years=3, scale=0.05)
    assert generate_year(two, 2018).reports == generate_year(three, 2018).reports


def test_volumes_follow_the_published_figures() -> None:
    config = GeneratorConfig(today=TODAY, seed=1, years=3)
    assert persons_in_year(config, 2018) == 780
    assert persons_in_year(config, 2019) == 1372
    assert persons_in_year(config, 2017) == vocab.DEFAULT_PERSONS_PER_YEAR
    # The period is 3 × 365.25 days: it reaches one day into 2016.
    assert persons_in_year(config, 2016) == round(1400 / 366)
    assert persons_in_year(config, 2015) == 0
    # A year partly inside the period counts pro rata.
    half = GeneratorConfig(today=date(2020, 7, 1), seed=1, years=1)
    assert persons_in_year(half, 2020) == pytest.approx(1400 * 183 / 366, abs=1)
    # About a quarter more reports than persons, because of the multi-reported fifth.
    assert expected_reports(config) == pytest.approx((780 + 1372 + 1404) * 1.246, rel=0.01)


def test_generated_volumes_per_year_within_tolerance() -> None:
    data = sample()
    persons = Counter(p.key[:4] for p in data.persons)
    assert persons == {"2018": 195, "2019": 343}
    by_year = Counter(r.reported_on.year for r in data.reports)
    # Later reports of 2018's persons may fall in 2019: allow 15%.
    assert by_year[2018] == pytest.approx(195 * 1.25, rel=0.15)
    assert len(data.reports) == pytest.approx(expected_reports(data.config), rel=0.1)


def test_about_a_fifth_of_the_persons_is_reported_by_more_than_one_organisation() -> None:
    data = sample()
    reports_by_key = {r.key: r for r in data.reports}
    multi = [p for p in data.persons if len(p.report_keys) > 1]
    assert len(multi) / len(data.persons) == pytest.approx(0.20, abs=0.05)
    for person in multi:
        organisations = [reports_by_key[k].organisation for k in person.report_keys]
        assert len(set(organisations)) == len(organisations), "each by another organisation"
    pairs = data.same_person_pairs()
    assert len(pairs) >= len(multi)
    assert all(reports_by_key[a].person_key == reports_by_key[b].person_key for a, b in pairs)


def test_spread_over_reporters_forms_ages_and_nationalities() -> None:
    data = sample()
    groups = {o.key: o.group for o in data.config.organisations}
    first_reporters = Counter(groups[r.organisation] for r in data.reports if r.report_index == 0)
    ranked = [group for group, _ in first_reporters.most_common()]
    assert ranked[0] == vocab.POLICE
    assert first_reporters[vocab.POLICE] / sum(first_reporters.values()) == pytest.approx(
        0.55, abs=0.08
    )
    forms = Counter(p.main_form for p in data.persons)
    assert forms.most_common(1)[0][0] in {vocab.SEXUAL_OTHER, vocab.SEXUAL_SEX_INDUSTRY}
    assert forms[vocab.LABOUR] > 0.1 * len(data.persons)
    assert forms[vocab.CRIMINAL] > 0.05 * len(data.persons)
    minors = sum(p.minor_at_start for p in data.persons) / len(data.persons)
    assert 0.08 < minors < 0.3
    nationalities = Counter(p.nationalities[0] for p in data.persons)
    assert nationalities.most_common(1)[0][0] == "NL"
    assert {"RO", "NG", "PL", "HU", "BG", "VN", "UA"} <= set(nationalities)


def test_the_variations_between_records_of_the_same_person_occur() -> None:
    data = sample(seed=12, scale=0.25, multi=1.0)  # everyone reported twice or more
    seen = Counter(name for r in data.reports for name in r.variations)
    assert set(seen) == set(v.ALL_VARIATIONS), f"missing: {set(v.ALL_VARIATIONS) - set(seen)}"
    later = [r for r in data.reports if r.report_index > 0]
    assert sum(bool(r.variations) for r in later) / len(later) > 0.5
    persons = {p.key: p for p in data.persons}
    for report in later:
        truth = persons[report.person_key]
        if v.SWAPPED_NAMES in report.variations and len(report.variations) == 1:
            assert report.person.given_names == truth.family_name
        if v.BIRTH_DAY_MONTH_SWAPPED in report.variations:
            born = report.person.birth_date
            assert born is not None
            assert (born.day, born.month) == (truth.birth_date.month, truth.birth_date.day)
        if v.BIRTH_DATE_MISSING in report.variations:
            assert report.person.birth_date is None
            assert report.person.birth_year is None


def test_every_generated_report_is_valid_input() -> None:
    data = sample()
    for report in data.reports:
        assert validate_report_input(to_input(report), today=TODAY) == [], report.key


def test_statuses_spread_over_the_workflow() -> None:
    data = sample()
    statuses = Counter(r.status for r in data.reports)
    old = [r for r in data.reports if (TODAY - r.reported_on).days > 90]
    registered = sum(r.status == ReportStatus.REGISTERED for r in old) / len(old)
    assert 0.8 < registered < 0.95
    assert statuses[ReportStatus.NOT_REGISTERED] > 0
    assert all(
        r.not_registered_reason for r in data.reports if r.status == ReportStatus.NOT_REGISTERED
    )
    open_ones = [r for r in data.reports if r.status in {"draft", "submitted", "in_review"}]
    assert open_ones, "the queues have work"
    assert all((TODAY - r.reported_on).days <= 90 for r in open_ones)
    for report in data.reports:
        moments = [step.at for step in report.history]
        assert moments == sorted(moments)


def test_codes_are_those_of_the_registry() -> None:
    assert set(vocab.FORMS) | {vocab.UNKNOWN_FORM} <= set(ExploitationForm.values)
    assert set(vocab.LABOUR_SECTORS) <= set(LabourSector.values)
    assert set(vocab.CRIMINAL_ACTIVITIES) <= set(CriminalActivity.values)
    assert {r for table in vocab.SUSPECT_RELATIONS.values() for r in table} <= set(
        SuspectRelation.values
    )
    assert set(vocab.CONSENT_WEIGHTS) <= set(ConsentStatus.values)
    assert set(vocab.BIRTH_PRECISION_WEIGHTS) <= set(DatePrecision.values)
    assert set(vocab.EXPLOITATION_STATUS_WEIGHTS) <= set(ExploitationPeriodStatus.values)
    assert {"female", "male", "other"} <= set(Gender.values)
    assert set(vocab.DECISION_WEIGHTS) <= set(ReportStatus.values)


def test_generator_core_imports_no_django() -> None:
    code = (
        "import sys; from datetime import date; from schakel.registry import synthetic as s;"
        "s.generate(s.GeneratorConfig(today=date(2020, 1, 1), scale=0.01));"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework')];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)  # noqa: S603


# -- the variations themselves ----------------------------------------------------------------


def test_typo_is_one_small_edit() -> None:
    rng = random.Random(1)  # noqa: S311 -- reproducible test data
    for name in ("Jansen", "Popescu", "Nguyen", "Kowalczyk"):
        changed = v.typo(rng, name)
        assert abs(len(changed) - len(name)) <= 1
        assert changed[0] == name[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "van der Meer",
            {"Van der Meer", "Meer, van der", "Meer", "Vandermeer", "vd Meer", "v.d. Meer"},
        ),
        ("de Vries", {"De Vries", "Vries, de", "Vries", "Devries"}),
        ("Jansen", {"Jansen"}),
    ],
)
def test_particles_are_written_the_ways_people_write_them(name: str, expected: set[str]) -> None:
    rng = random.Random(2)  # noqa: S311 -- reproducible test data
    assert {v.particle_variant(rng, name) for _ in range(200)} == expected


def test_day_and_month_swap_only_when_it_gives_another_date() -> None:
    assert v.swap_day_month(date(1999, 12, 3)) == date(1999, 3, 12)
    assert v.swap_day_month(date(1999, 3, 25)) is None
    assert v.swap_day_month(date(1999, 5, 5)) is None


def test_respelling_drops_accents_or_changes_a_letter_group() -> None:
    rng = random.Random(3)  # noqa: S311 -- reproducible test data
    assert {v.respell(rng, "Stănescu") for _ in range(50)} >= {"Stanescu"}
    for name in ("Gebremedhin", "Jansen", "Mohamed"):
        assert v.respell(rng, name) != name


def test_cyrillic_names_in_passport_and_dutch_spelling() -> None:
    assert transliterate("Шевченко", "uk_UA") == "Shevchenko"
    assert transliterate("Шевченко", "uk_UA", dutch=True) == "Sjevtsjenko"
    assert transliterate("Юлія", "uk_UA", dutch=True) == "Joelija"


def test_exploitation_never_starts_before_birth_or_after_the_report() -> None:
    for report in sample().reports:
        started = report.exploitation_started_on
        if started is not None:
            assert started <= report.reported_on
            if report.person.birth_date:
                assert started - report.person.birth_date >= timedelta(days=365 * 11)


def test_nationalities_have_valid_codes_and_shares() -> None:
    import pycountry
    from django_countries import countries

    assert sum(n.share for n in NATIONALITIES) == pytest.approx(1.0)
    for nationality in NATIONALITIES:
        assert nationality.code in countries
        for language in nationality.languages:
            assert pycountry.languages.get(alpha_2=language) or pycountry.languages.get(
                alpha_3=language
            ), language
