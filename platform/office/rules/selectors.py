"""Reads of the rule records. The school side and the office ask here for the rules in force on a
date, resolved for an authority, and hand the result to the checker."""

from datetime import date

from django.db.models import Q, QuerySet

from office.authorities.models import Authority
from office.authorities.selectors import authority_chain
from office.core.collation import by_name
from office.rules.models import RuleVersion
from office.rules.ruleset import RuleSet, resolve_rules


def _in_force(on: date) -> Q:
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def active_rules(on: date, authority: Authority | None = None) -> RuleSet:
    """The rules in force on `on`: the national versions with the overrides of `authority` and the
    authorities above it laid over them, the nearest last. One query for the rules (walking the
    chain of authorities reads their parents unless they are already loaded)."""
    chain = authority_chain(authority) if authority is not None else []
    versions = RuleVersion.objects.filter(_in_force(on)).filter(
        Q(authority__isnull=True) | Q(authority_id__in=[a.pk for a in chain])
    )
    return resolve_rules(list(versions), on, chain)


class RuleBook:
    """Every version of the rules that can reach one authority, read once, resolved for any day on
    demand: the rules of a check's own day and those of the days its chain's links were decided."""

    def __init__(self, versions, chain):
        self._versions, self._chain, self._resolved = list(versions), list(chain), {}

    def __call__(self, on: date) -> RuleSet:
        if on not in self._resolved:
            self._resolved[on] = resolve_rules(self._versions, on, self._chain)
        return self._resolved[on]


def rule_book(authority: Authority | None = None) -> RuleBook:
    """All rule versions, national and those of `authority` and above it: one query, whatever the
    number of days asked afterwards."""
    chain = authority_chain(authority) if authority is not None else []
    versions = RuleVersion.objects.filter(
        Q(authority__isnull=True) | Q(authority_id__in=[a.pk for a in chain])
    )
    return RuleBook(versions, chain)


def rules_for_display(on: date) -> QuerySet[RuleVersion]:
    """Every rule version in force on `on`, national and authority overrides, in display order."""
    return (
        RuleVersion.objects.filter(_in_force(on))
        .select_related("authority")
        .order_by("position", "code", by_name("authority__name"), "effective_from")
    )


def rule_history(code: str) -> QuerySet[RuleVersion]:
    """All versions of one rule, oldest first: how the law and its local parameters changed."""
    return RuleVersion.objects.filter(code=code).select_related("authority").order_by("effective_from", "pk")
