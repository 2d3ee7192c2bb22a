"""The rules in force on one date for one authority: the national versions, with the parameters of
the authorities above a school laid over them, farthest first so the nearest authority has the last
word. Pure: it takes rule versions already read (or built in a test) and queries nothing."""

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class ResolvedRule:
    code: str
    titles: frozenset[str]
    name: str
    article: str
    source_url: str
    effective_from: date
    effective_to: date | None
    parameters: MappingProxyType
    note: str = ""
    position: int = 0
    # Names of the authorities whose overrides shaped the parameters, farthest first.
    overridden_by: tuple[str, ...] = ()

    def param(self, key: str, default: Any = None) -> Any:
        return self.parameters.get(key, default)


@dataclass(frozen=True)
class RuleSet:
    on: date
    rules: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def get(self, code: str) -> ResolvedRule | None:
        return self.rules.get(code)

    def param(self, code: str, key: str, default: Any = None) -> Any:
        rule = self.rules.get(code)
        return rule.param(key, default) if rule is not None else default

    def for_title(self, title: str) -> list[ResolvedRule]:
        return sorted(
            (r for r in self.rules.values() if str(title) in r.titles), key=lambda r: (r.position, r.code)
        )

    def __iter__(self):
        return iter(sorted(self.rules.values(), key=lambda r: (r.position, r.code)))

    def __len__(self):
        return len(self.rules)

    def __contains__(self, code):
        return code in self.rules


def _latest_by_code(versions) -> dict[str, Any]:
    # Overlapping versions of one code should not exist; if they do, the newest one wins, predictably.
    latest = {}
    for version in versions:
        held = latest.get(version.code)
        if held is None or version.effective_from > held.effective_from:
            latest[version.code] = version
    return latest


def resolve_rules(versions: Iterable, on: date, chain: Sequence = ()) -> RuleSet:
    """`versions`: RuleVersion rows (or alike); `chain`: the authority and those above it, nearest
    first (office.authorities.selectors.authority_chain), each with .pk and .name."""
    in_force = [v for v in versions if v.is_in_force(on)]
    national = _latest_by_code(v for v in in_force if v.authority_id is None and v.enabled)
    building = {
        code: {
            "code": code,
            "titles": frozenset(v.titles),
            "name": v.name,
            "article": v.article,
            "source_url": v.source_url,
            "effective_from": v.effective_from,
            "effective_to": v.effective_to,
            "parameters": copy.deepcopy(v.parameters),
            "note": v.note,
            "position": v.position,
            "overridden_by": (),
        }
        for code, v in national.items()
    }
    for authority in reversed(list(chain)):
        overrides = _latest_by_code(v for v in in_force if v.authority_id == authority.pk)
        for code, override in overrides.items():
            if not override.enabled:
                building.pop(code, None)
                continue
            rule = building.get(code)
            if rule is None:
                # A rule only this authority sets (no national version in force): it stands alone.
                if not override.titles:
                    continue
                rule = building[code] = {
                    "code": code,
                    "titles": frozenset(override.titles),
                    "name": override.name,
                    "article": "",
                    "source_url": override.source_url,
                    "effective_from": override.effective_from,
                    "effective_to": override.effective_to,
                    "parameters": {},
                    "note": override.note,
                    "position": override.position,
                    "overridden_by": (),
                }
            rule["parameters"].update(copy.deepcopy(override.parameters))
            if override.article and override.article not in rule["article"]:
                rule["article"] = "; ".join(a for a in (rule["article"], override.article) if a)
            rule["overridden_by"] = (*rule["overridden_by"], authority.name)
            # The combination is in force from the later of the two dates.
            rule["effective_from"] = max(rule["effective_from"], override.effective_from)
            if override.effective_to and (
                rule["effective_to"] is None or override.effective_to < rule["effective_to"]
            ):
                rule["effective_to"] = override.effective_to
    resolved = {
        code: ResolvedRule(**{**data, "parameters": MappingProxyType(data["parameters"])})
        for code, data in building.items()
    }
    return RuleSet(on=on, rules=MappingProxyType(resolved))
