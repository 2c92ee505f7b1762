"""Shared fixtures: the capture tables of the shared MSE data, copied next to the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from schakel.monitor.mse import CaptureTable, read_csv

DATA = Path(__file__).parent / "data"
TABLE_NAMES = sorted(p.stem for p in DATA.glob("*.csv"))


@pytest.fixture(scope="session")
def tables() -> dict[str, CaptureTable]:
    """Every reference table by file stem (UKdat, UKdat_5, hare, Artificial_3, ...)."""
    return {name: read_csv(DATA / f"{name}.csv") for name in TABLE_NAMES}
