"""Layering rules of DESIGN.md, checked on the source:

- views and API modules never query a personal-data model directly (`Model.objects`); they go
  through selectors (audited reads) and services (audited writes);
- an app never imports another app's models, except the shared kernel (core) and accounts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

from schakel.core.access import PersonalDataPolicy

SRC = Path(__file__).resolve().parents[1] / "src" / "schakel"
VIEW_MODULES = sorted(
    p
    for p in SRC.rglob("*.py")
    if p.name.startswith(("views", "api")) and "migrations" not in p.parts
)


def _personal_data_models() -> set[str]:
    """Every model that a PersonalDataPolicy guards, plus the registry's child tables."""
    import importlib

    names: set[str] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("schakel."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.policies")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, PersonalDataPolicy):
                names.add(value.model.__name__)
    from schakel.registry.categories import FIELD_CATEGORIES

    names |= {apps.get_model(label).__name__ for label in FIELD_CATEGORIES}
    names.add("AuditEvent")
    return names


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_views_do_not_query_personal_data_models(path: Path) -> None:
    guarded = _personal_data_models()
    offenders = [
        f"{path.name}:{node.lineno} {node.value.id}.objects"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute)
        and node.attr in {"objects", "_default_manager"}
        and isinstance(node.value, ast.Name)
        and node.value.id in guarded
    ]
    assert offenders == [], "read through a selector instead"


SHARED = {"core", "accounts"}


@pytest.mark.parametrize(
    "path",
    sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts),
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_apps_do_not_import_other_apps_models(path: Path) -> None:
    relative = path.relative_to(SRC).parts
    if len(relative) < 2:
        return
    own_app = relative[0]
    bad = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("schakel."):
            parts = node.module.split(".")
            if len(parts) >= 3 and parts[2] == "models" and parts[1] not in SHARED | {own_app}:
                bad.append(f"{node.lineno}: from {node.module}")
    assert bad == [], "call the other app's selectors and services instead"
