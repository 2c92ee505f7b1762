from __future__ import annotations

import pytest

from tests.sharing.scenario import Scenario, build


@pytest.fixture
def scenario(police_org) -> Scenario:
    return build(police_org)
