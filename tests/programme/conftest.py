from __future__ import annotations

import os
from pathlib import Path

import pytest

SEED = Path(
    os.environ.get(
        "SCHAKEL_PLAN_TEXT",
        Path(__file__).resolve().parents[3] / "shared/seeds/002_f3966eb89609b574.txt",
    )
)


@pytest.fixture(scope="session")
def plan_text() -> str:
    if not SEED.exists():
        pytest.skip(f"plan text not found at {SEED} (set SCHAKEL_PLAN_TEXT)")
    return SEED.read_text(encoding="utf-8")
