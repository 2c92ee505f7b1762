"""Linkage tests: the FEBRL accuracy runs take about two minutes, so they are marked
``linkage_accuracy`` and run only with SCHAKEL_LINKAGE_ACCURACY=1 (`python -m bench linkage`
runs them too and reports the figures)."""

from __future__ import annotations

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "linkage_accuracy: FEBRL accuracy runs (slow; SCHAKEL_LINKAGE_ACCURACY=1)"
    )
    config.addinivalue_line("markers", "spark: needs Java for local pyspark")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("SCHAKEL_LINKAGE_ACCURACY") == "1":
        return
    skip = pytest.mark.skip(reason="slow accuracy run: set SCHAKEL_LINKAGE_ACCURACY=1")
    for item in items:
        if "linkage_accuracy" in item.keywords:
            item.add_marker(skip)
