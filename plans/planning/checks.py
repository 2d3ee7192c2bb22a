"""Checks before a plan is issued: is it this school's plan, for this year?

A school that imports another school's Word file gets that school's header, number, signer and year. Each
difference between the plan and the school is shown as a blocking warning on the import review and in the
editor, and the plan is issued only once the person has confirmed every difference one by one
(services.issue_plan). The checks compare plain values (`PlanIdentity` against `SchoolIdentity`), so the
parsed file on the review page and the stored plan in the editor are checked by the same code.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from office.accounts.models import Role
from office.accounts.selectors import members_with_roles
from office.core.text import single_spaced
from plans.planning.models import Plan
from plans.staff.models import Staff

# "12/KH-THLQĐ": the agency code is what follows the document type, as the school's register writes it.
AGENCY_CODE_RE = re.compile(r"^\s*[\d.…]*\s*/\s*[A-Za-zĐđ]+-(?P<code>[^\s]+)\s*$")
TITLE_YEAR_RE = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b", re.IGNORECASE)
# Who signs for whom: "KT. HIỆU TRƯỞNG" is a vice principal signing for the principal; an acting head (Q.)
# is a vice principal too. Without a prefix, or "TM.", the principal signs.
DEPUTY_PREFIXES = frozenset({"KT.", "Q."})
PRINCIPAL_POSITION_RE = re.compile(r"^\s*hiệu\s+trưởng\s*$", re.IGNORECASE)
VICE_PRINCIPAL_POSITION_RE = re.compile(r"^\s*phó\s+hiệu\s+trưởng\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class PlanIdentity:
    """What the plan says about whose and which year's it is."""

    issuing_body: str
    number: str
    signer_prefix: str
    signer_name: str
    year: int | None
    title: str
    issued_on: datetime.date | None


@dataclass(frozen=True)
class SchoolIdentity:
    name: str
    abbreviation: str
    principals: tuple[str, ...]
    vice_principals: tuple[str, ...]
    today: datetime.date


@dataclass(frozen=True)
class Difference:
    """One way the plan is not (or may not be) the school's own. `seen` is the fingerprint a
    confirmation is stored against: change the plan, and the difference must be confirmed again."""

    code: str
    label: str
    found: str
    expected: str

    @property
    def seen(self) -> str:
        return f"{self.found} ≠ {self.expected}"

    @property
    def message(self) -> str:
        return f"{self.label}: kế hoạch ghi “{self.found}”, trong khi {self.expected}."


def identity_of_plan(plan: Plan) -> PlanIdentity:
    return PlanIdentity(
        issuing_body=plan.issuing_body,
        number=plan.number,
        signer_prefix=plan.signer_prefix,
        signer_name=plan.signer_name,
        year=plan.year,
        title=plan.title,
        issued_on=plan.issued_on,
    )


def identity_of_parsed(parsed) -> PlanIdentity:
    """The same from a parsed file (plan_import.ParsedPlan), before anything is stored."""
    header, signer = parsed.header, parsed.signer
    return PlanIdentity(
        issuing_body=header.issuing_body or "",
        number=header.number or "",
        signer_prefix=(signer.prefix if signer else None) or "",
        signer_name=(signer.name if signer else None) or "",
        year=header.year or (header.date.year if header.date else None),
        title=header.title or "",
        issued_on=header.date,
    )


def school_identity(school, today: datetime.date | None = None) -> SchoolIdentity:
    """The school as its accounts and its staff register know it: its name, its code in the document
    register (services.next_document_number writes "13/KH-<abbreviation>"), and who may sign."""
    principals = {u.get_full_name() for u in members_with_roles(school, [Role.PRINCIPAL])}
    vice_principals = {u.get_full_name() for u in members_with_roles(school, [Role.VICE_PRINCIPAL])}
    for staff in Staff.objects.exclude(status=Staff.Status.LEFT).only("full_name", "position"):
        if PRINCIPAL_POSITION_RE.match(staff.position):
            principals.add(staff.full_name)
        elif VICE_PRINCIPAL_POSITION_RE.match(staff.position):
            vice_principals.add(staff.full_name)
    return SchoolIdentity(
        name=school.name,
        abbreviation=school.abbreviation,
        principals=tuple(sorted(single_spaced(name) for name in principals if name)),
        vice_principals=tuple(sorted(single_spaced(name) for name in vice_principals if name)),
        today=today or timezone.localdate(),
    )


def _same(first: str, second: str) -> bool:
    # Case and the two Unicode spellings of a letter do not matter; accents do ("Lê" is not "Lệ").
    return single_spaced(first).casefold() == single_spaced(second).casefold()


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(names)


def plan_differences(plan: PlanIdentity, school: SchoolIdentity) -> list[Difference]:
    differences = []
    if plan.issuing_body and not _same(plan.issuing_body, school.name):
        differences.append(
            Difference(
                "issuing_body", "Tên cơ quan ban hành", plan.issuing_body, f"tên trường là “{school.name}”"
            )
        )
    agency = AGENCY_CODE_RE.match(plan.number or "")
    if plan.number and (agency is None or not _same(agency["code"], school.abbreviation)):
        expected = (
            f"sổ văn bản của trường ghi ký hiệu “…/KH-{school.abbreviation}”"
            if school.abbreviation
            else "trường chưa khai báo tên viết tắt dùng trong số văn bản"
        )
        differences.append(
            Difference("number_agency", "Ký hiệu cơ quan trong số văn bản", plan.number, expected)
        )
    differences.extend(_signer_difference(plan, school))
    differences.extend(_year_differences(plan, school))
    return differences


def _signer_difference(plan: PlanIdentity, school: SchoolIdentity) -> list[Difference]:
    if not plan.signer_name:
        return []  # issue_plan refuses a plan without a signer on its own
    deputy = plan.signer_prefix.upper() in DEPUTY_PREFIXES
    allowed = school.vice_principals if deputy else school.principals
    if any(_same(plan.signer_name, name) for name in allowed):
        return []
    if deputy:
        expected = (
            f"phó hiệu trưởng của trường là {_names(allowed)}"
            if allowed
            else "trường chưa ghi nhận phó hiệu trưởng nào"
        )
    else:
        expected = (
            f"hiệu trưởng của trường là {_names(allowed)}" if allowed else "trường chưa ghi nhận hiệu trưởng"
        )
    found = f"{plan.signer_prefix} {plan.signer_name}".strip()
    return [Difference("signer", "Người ký", found, expected)]


def _year_differences(plan: PlanIdentity, school: SchoolIdentity) -> list[Difference]:
    differences = []
    this_year = school.today.year
    # A plan is drafted in December or January for the calendar year: this year's or next year's.
    if plan.year is not None and plan.year not in (this_year, this_year + 1):
        differences.append(Difference("year", "Năm của kế hoạch", str(plan.year), f"năm nay là {this_year}"))
    title_years = {int(year) for year in TITLE_YEAR_RE.findall(plan.title or "")}
    if plan.year is not None and title_years and plan.year not in title_years:
        differences.append(
            Difference(
                "title_year",
                "Năm trong trích yếu",
                ", ".join(str(y) for y in sorted(title_years)),
                f"kế hoạch là của năm {plan.year}",
            )
        )
    if plan.year is not None and plan.issued_on and plan.issued_on.year not in (plan.year - 1, plan.year):
        differences.append(
            Difference(
                "issued_on",
                "Ngày ban hành",
                plan.issued_on.strftime("%d/%m/%Y"),
                f"kế hoạch năm {plan.year} ban hành trong tháng 12/{plan.year - 1} hoặc trong năm {plan.year}",
            )
        )
    return differences


def differences_of(plan: Plan, school, today: datetime.date | None = None) -> list[Difference]:
    return plan_differences(identity_of_plan(plan), school_identity(school, today))


def confirmed_fingerprints(plan: Plan) -> set[tuple[str, str]]:
    return set(plan.check_confirmations.values_list("code", "seen"))


def unconfirmed_differences(plan: Plan, school, today: datetime.date | None = None) -> list[Difference]:
    confirmed = confirmed_fingerprints(plan)
    return [d for d in differences_of(plan, school, today) if (d.code, d.seen) not in confirmed]


def differences_message(differences: list[Difference]) -> str:
    lines = " ".join(difference.message for difference in differences)
    return (
        "Chưa ban hành được: kế hoạch có điểm khác với thông tin của trường, cần xác nhận từng điểm "
        f"trước khi ban hành. {lines}"
    )
