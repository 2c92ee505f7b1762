"""Load a programme entered as a data file (data/*.json): plan, themes, parts with their
status at the report date, and indicators with their figures.

Idempotent: a plan whose slug is already stored is left alone. All or nothing: one
transaction; every part and figure goes through the same services as manual entry, so the
same consistency rules apply (a completed part cannot predate the programme, and so on).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction

from schakel.core.models import AuditAction

from .models import (
    Action,
    Direction,
    EndDateKind,
    Indicator,
    IndicatorKind,
    Plan,
    PlanKind,
    Theme,
    UpdateSource,
    ValueKind,
)
from .services import (
    _audit,
    full_clean_or_refuse,
    indicator_value_record,
    ministries_ensure,
    progress_update_record,
)
from .workflow import ProgressStatus

if TYPE_CHECKING:
    from schakel.accounts.models import User

DATA_DIR = Path(__file__).resolve().parent / "data"
PROGRAMME_2020 = DATA_DIR / "samen_tegen_mensenhandel_2020.json"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def programme_data_load(*, path: Path = PROGRAMME_2020, actor: User | None) -> Plan | None:
    """Create the programme in the file; None when it is already there."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    spec = data["plan"]
    if Plan.objects.filter(slug=spec["slug"]).exists():
        return None
    plan = Plan(
        slug=spec["slug"],
        title=spec["title"],
        kind=PlanKind.PROGRAMME,
        issued_on=dt.date.fromisoformat(spec["issued_on"]),
        source=spec["source"],
        description=spec.get("description", ""),
    )
    full_clean_or_refuse(plan)
    plan.save()
    report_date = dt.date.fromisoformat(data["report_date"])
    themes = {}
    for position, (number, title) in enumerate(data["themes"]):
        themes[number] = Theme.objects.create(
            plan=plan,
            number=number,
            title=title,
            chapter_number=number,
            chapter_title=title,
            position=position,
        )
    ministries = ministries_ensure()
    for part in data["parts"]:
        end = part.get("end") or {"kind": EndDateKind.NONE}
        action = Action(
            plan=plan,
            number=part["number"],
            title=part["title"],
            text=part["text"],
            theme=themes[part["theme"]],
            initiators_text=", ".join(part["initiators"]),
            end_date_kind=end["kind"],
            end_date=_date(end.get("date")),
            end_date_text=end.get("text", ""),
        )
        action.due_date = action.end_date
        full_clean_or_refuse(action)
        action.save()
        action.initiators.set([ministries[code] for code in part["initiators"]])
        progress_update_record(
            action=action,
            reported_on=report_date,
            status=ProgressStatus(part["status"]),
            text=part["progress"],
            new_end_date=_date(part.get("new_end_date")),
            actor=actor,
            source=UpdateSource.DATA_FILE,
            author_name=spec["source"],
            today=report_date,
        )
    for position, item in enumerate(data["indicators"]):
        indicator = Indicator(
            plan=plan,
            slug=item["slug"],
            name=item["name"],
            unit=item["unit"],
            kind=IndicatorKind(item["kind"]),
            direction=Direction(item["direction"]),
            ministry=ministries.get(item.get("ministry", "")),
            source=item.get("source", ""),
            description=item.get("description", ""),
            position=position,
        )
        full_clean_or_refuse(indicator)
        indicator.save()
        for value in item["values"]:
            indicator_value_record(
                indicator=indicator,
                year=value["year"],
                kind=ValueKind(value["kind"]),
                value=Decimal(str(value["value"])),
                as_of=_date(value.get("as_of")),
                low=Decimal(str(value["low"])) if "low" in value else None,
                high=Decimal(str(value["high"])) if "high" in value else None,
                source=item.get("source", ""),
                note=value.get("note", ""),
                actor=actor,
            )
    _audit(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="programme.plan",
        object_id=plan.pk,
        details={
            "data_file": path.name,
            "parts": len(data["parts"]),
            "indicators": len(data["indicators"]),
        },
    )
    return plan
