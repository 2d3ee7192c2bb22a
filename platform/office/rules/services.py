"""Writes of the rule records. An office changes a threshold for its subtree from a date by adding a
version of the rule for its authority: the national record, and every earlier check, stay as they were."""

import copy
from datetime import date, timedelta

from django.db import transaction

from office.audit.services import record_event
from office.authorities.models import Authority
from office.core.errors import Invalid
from office.core.text import nfc
from office.rules.models import RuleVersion


class RuleError(Invalid):
    """A refused change of the rules, with a message in Vietnamese."""


def _check_value(key: str, value) -> None:
    if key.endswith("_share") and value is not None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise RuleError(f"Tham số “{key}” phải là tỷ lệ từ 0 đến 1 (ví dụ 0,15) hoặc để trống.")


@transaction.atomic
def override_rule_parameters(
    *,
    code: str,
    authority: Authority,
    effective_from: date,
    parameters: dict,
    user=None,
    enabled: bool = True,
    article: str = "",
    source_url: str = "",
    note: str = "",
) -> RuleVersion:
    """From `effective_from`, the rule `code` uses `parameters` (laid over the national ones) for
    `authority` and every school below it; `enabled=False` stops checking the rule there. The
    authority's previous override of the rule, if any, ends the day before."""
    national = RuleVersion.objects.filter(code=code, authority__isnull=True).order_by("-effective_from")
    base = next((v for v in national if v.is_in_force(effective_from)), None) or national.first()
    if base is None:
        raise RuleError(f"Không có quy tắc mã “{code}”.")
    unknown = sorted(set(parameters) - set(base.parameters))
    if unknown:
        raise RuleError(f"Quy tắc “{base.name}” không có tham số: {', '.join(unknown)}.")
    for key, value in parameters.items():
        _check_value(key, value)
    previous = (
        RuleVersion.objects.select_for_update()
        .filter(code=code, authority=authority)
        .order_by("-effective_from")
        .first()
    )
    before = None
    if previous is not None:
        if previous.effective_from >= effective_from:
            raise RuleError(
                f"{authority.name} đã có điều chỉnh quy tắc này từ ngày {previous.effective_from:%d/%m/%Y}; "
                "chỉ có thể điều chỉnh từ một ngày sau đó."
            )
        before = {"parameters": previous.parameters, "enabled": previous.enabled}
        if previous.effective_to is None or previous.effective_to >= effective_from:
            previous.effective_to = effective_from - timedelta(days=1)
            previous.save(update_fields=["effective_to"])
    version = RuleVersion.objects.create(
        code=code,
        titles=list(base.titles),
        name=base.name,
        article=nfc(article),
        source_url=source_url.strip(),
        effective_from=effective_from,
        parameters=copy.deepcopy(parameters),
        authority=authority,
        enabled=enabled,
        note=nfc(note),
        position=base.position,
    )
    record_event(
        "rule.overridden",
        version,
        user=user,
        before=before,
        after={"parameters": version.parameters, "enabled": enabled, "from": effective_from.isoformat()},
        summary=f"{authority.name}: {base.name} từ {effective_from:%d/%m/%Y}",
    )
    return version
