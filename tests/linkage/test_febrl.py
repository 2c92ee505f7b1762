"""Accuracy on FEBRL3 (deduplication) and FEBRL4 (linking two files), with and without the
social security number (issue 10: F1 ≥ 0.99, and ≥ 0.98 without it)."""

from __future__ import annotations

import pytest

from schakel.linkage.engine.febrl import febrl3_accuracy, febrl4_accuracy

pytestmark = pytest.mark.linkage_accuracy


@pytest.mark.parametrize(("without_ssn", "minimum"), [(False, 0.99), (True, 0.98)])
def test_febrl3_deduplication(without_ssn: bool, minimum: float) -> None:
    assert febrl3_accuracy(without_ssn=without_ssn)["f1"] >= minimum


@pytest.mark.parametrize(("without_ssn", "minimum"), [(False, 0.99), (True, 0.98)])
def test_febrl4_linking_two_files(without_ssn: bool, minimum: float) -> None:
    assert febrl4_accuracy(without_ssn=without_ssn)["f1"] >= minimum
