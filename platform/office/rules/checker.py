"""The rules checker: the one module that evaluates the rules of the law (DESIGN.md §4–§5).

Plain facts in, a report out: for each rule in force that applies to the target title, met, not met
or cannot tell, with the reason in Vietnamese and the article cited. The school side calls it while
it prepares nominations; the office calls it again when it checks a dossier. It reads no table: the
rules come in as a RuleSet (selectors.active_rules) and the facts as facts.* dataclasses.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from office.rules.facts import (
    COMPLAINT,
    DISCIPLINE,
    DOCUMENT_LABELS,
    INITIATIVE,
    INITIATIVE_CERTIFICATE,
    INVESTIGATION,
    OCCASION_REGULAR,
    OCCASION_THEMATIC,
    SCIENCE_PROJECT,
    CollectiveFacts,
    DossierFacts,
    IndividualFacts,
    InitiativeFact,
    award_key,
)
from office.rules.ruleset import ResolvedRule, RuleSet
from office.rules.vocabulary import (
    COLLECTIVE_TITLES,
    DISCIPLINE_ORDER,
    EMULATION_TITLES,
    INDIVIDUAL_TITLES,
    RATING_ORDER,
    SCOPE_ORDER,
    DisciplineLevel,
    Rating,
    Scope,
    Title,
)

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"
STATUS_LABELS = {MET: "Đạt", NOT_MET: "Không đạt", UNKNOWN: "Chưa đủ dữ liệu"}

# Who decides an award (rule 17); codes are what routing.issuer's parameters and a dossier speak.
ISSUER_LEVELS = {
    "chu_tich_ubnd_huyen": "Chủ tịch UBND quận/huyện",
    "chu_tich_ubnd_xa": "Chủ tịch UBND xã/phường",
    "giam_doc_so": "Giám đốc Sở Giáo dục và Đào tạo",
    "chu_tich_ubnd_tinh": "Chủ tịch UBND tỉnh/thành phố",
    "bo_truong": "Bộ trưởng Bộ Giáo dục và Đào tạo",
    "thu_tuong": "Thủ tướng Chính phủ",
}

RESTRICTION_LABELS = {
    DISCIPLINE: "Đang trong thời hạn kỷ luật",
    INVESTIGATION: "Đang bị xem xét kỷ luật, điều tra, thanh tra",
    COMPLAINT: "Đang trong thời gian giải quyết khiếu nại, tố cáo",
}

# Rules that are tables read by other functions (bonus_amount, the tie-break, the clusters' proposal) or
# by check_nomination itself (which rules of a form are alternative routes), not conditions of a nomination.
NOT_CONDITIONS = frozenset(
    {"bonus.multipliers", "common.tie_break", "routes.any_of", "cluster.flag_proposal"}
)

_DAYS_PER_YEAR = Decimal("365.25")


@dataclass(frozen=True)
class RuleResult:
    code: str
    name: str
    status: str  # MET, NOT_MET or UNKNOWN
    reason: str
    article: str
    source_url: str = ""
    # One of several alternative routes to the form (routes.any_of): the form needs any one of them.
    route: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def any_route_status(statuses) -> str:
    """Alternative routes: met if any is met; otherwise cannot tell if any cannot tell; else not met."""
    statuses = list(statuses)
    if MET in statuses:
        return MET
    if UNKNOWN in statuses or not statuses:
        return UNKNOWN
    return NOT_MET


def combine_statuses(statuses) -> str:
    """Met only if all are met; not met if any is not met; otherwise cannot tell."""
    statuses = list(statuses)
    if not statuses:
        return UNKNOWN
    if NOT_MET in statuses:
        return NOT_MET
    if UNKNOWN in statuses:
        return UNKNOWN
    return MET


@dataclass(frozen=True)
class CheckReport:
    target: Title
    year: int
    on: date
    results: tuple[RuleResult, ...]
    # The initiatives the checker counted toward this award: record them as used once it is given.
    initiative_ids: tuple[int, ...] = ()

    @property
    def routes_status(self) -> str | None:
        """The answer of the form's alternative routes taken together; None where it has none."""
        routes = [r.status for r in self.results if r.route]
        return any_route_status(routes) if routes else None

    @property
    def verdict(self) -> str:
        statuses = [r.status for r in self.results if not r.route]
        if self.routes_status is not None:
            statuses.append(self.routes_status)
        return combine_statuses(statuses)

    @property
    def as_of_label(self) -> str:
        return as_of_label(self.on)

    @property
    def verdict_label(self) -> str:
        return STATUS_LABELS[self.verdict]

    def result(self, code: str) -> RuleResult | None:
        return next((r for r in self.results if r.code == code), None)

    @property
    def problems(self) -> list[RuleResult]:
        """What stands in the way: a route that is not met is no problem once another route is."""
        routes_met = self.routes_status == MET
        return [r for r in self.results if r.status != MET and not (r.route and routes_met)]


# --- small helpers ----------------------------------------------------------------------------------


def evaluation_period(year: int) -> tuple[date, date]:
    """The school year that ends in `year` (2025-2026 → 2026): 1 September to 31 August."""
    return date(year - 1, 9, 1), date(year, 8, 31)


def as_of_label(on: date | None) -> str:
    """The day a check speaks for, as every answer shows it: "Xét tại ngày 20/05/2025"."""
    return f"Xét tại ngày {on:%d/%m/%Y}" if on else ""


def _sy(year: int) -> str:
    return f"năm học {year - 1}-{year}"


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "nay"


def _pct(share) -> str:
    value = (Decimal(str(share)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()
    return f"{value:f}".replace(".", ",") + "%"


def _num(value) -> str:
    """A number of years as Vietnamese write it: 20,5. Rounded down, so 19,97 years never reads 20."""
    value = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_DOWN).normalize()
    return f"{value:f}".replace(".", ",")


def _years_text(years) -> str:
    return ", ".join(f"{y - 1}-{y}" for y in years)


def _rating_at_least(rating: Rating, minimum: Rating) -> bool:
    return RATING_ORDER.index(Rating(rating)) <= RATING_ORDER.index(Rating(minimum))


def _scope_at_least(scope: Scope, minimum: Scope) -> bool:
    return SCOPE_ORDER.index(Scope(scope)) >= SCOPE_ORDER.index(Scope(minimum))


def _months_between(start: date, end: date) -> int:
    """Whole months from start to end (1/1 → 1/7 is 6)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _months_worked(first: date, last: date) -> int:
    """Whole months worked from `first` through `last`, both days worked: 01/12 through 31/05 is six
    months, and 21/11 through 20/05 too; one day fewer is five."""
    return _months_between(first, last + timedelta(days=1))


def _initiative_label(initiative: InitiativeFact) -> str:
    return f"“{initiative.title}”" if initiative.title else f"mã {initiative.id}"


def award_label(key: str) -> str:
    """ "cstdcs:2025" → "Chiến sĩ thi đua cơ sở năm học 2024-2025"."""
    title, _, year = key.partition(":")
    label = Title(title).label if title in Title.values else title
    return f"{label} {_sy(int(year))}" if year.isdigit() else label


def _title_fact_text(fact) -> str:
    issuer = fact.issuer_name or "chưa rõ nơi quyết định"
    return f"{fact.year - 1}-{fact.year} ({'đang đề nghị' if fact.proposed else issuer})"


# --- the context one check runs in -----------------------------------------------------------------


@dataclass
class _Check:
    target: Title
    facts: IndividualFacts | CollectiveFacts
    year: int
    on: date
    rules: RuleSet
    dossier: DossierFacts | None = None
    unit: CollectiveFacts | None = None
    counted: list[int] = field(default_factory=list)
    # The rules in force on another day (a link of a chain was given under the law of its date).
    history: Callable[[date], RuleSet] | None = None

    def rules_at(self, on: date) -> RuleSet:
        if on == self.on:
            return self.rules
        if self.history is not None:
            return self.history(on)
        return _rules_for(on, None)

    @property
    def key(self) -> str:
        return award_key(self.target, self.year)

    @property
    def individual(self) -> IndividualFacts | None:
        return self.facts if isinstance(self.facts, IndividualFacts) else None

    @property
    def collective(self) -> CollectiveFacts | None:
        return self.facts if isinstance(self.facts, CollectiveFacts) else None

    @property
    def until(self) -> date:
        # Working time of a school year cannot run past its end, however late the check is made.
        return min(self.on, evaluation_period(self.year)[1])

    def required_scope(self) -> Scope:
        scopes = self.rules.param("initiative.validity", "required_scope", {}) or {}
        return Scope(scopes.get(str(self.target), Scope.SCHOOL))

    def candidate_initiatives(self) -> list[InitiativeFact] | None:
        facts = self.individual
        if facts is None or facts.initiatives is None:
            return None
        if facts.cited_initiative_ids is not None:
            by_id = {i.id: i for i in facts.initiatives}
            return [by_id[i] for i in facts.cited_initiative_ids if i in by_id]
        return sorted(facts.initiatives, key=lambda i: (-i.year, i.id))

    def usable_initiatives(self, years, kinds) -> tuple[list, list, list] | None:
        """(usable, doubtful, spent) among the candidates of the given years and kinds, leaving out
        those this check already counted toward another condition."""
        candidates = self.candidate_initiatives()
        if candidates is None:
            return None
        minimum = self.required_scope()
        usable, doubtful, spent = [], [], []
        for initiative in candidates:
            if initiative.year not in years or initiative.kind not in kinds or initiative.id in self.counted:
                continue
            if initiative.used_for not in (None, self.key):
                spent.append(initiative)
            elif initiative.recognized is None or (initiative.recognized and initiative.scope is None):
                doubtful.append(initiative)
            elif initiative.recognized and _scope_at_least(initiative.scope, minimum):
                usable.append(initiative)
        return usable, doubtful, spent


def _result(rule: ResolvedRule, status: str, reason: str) -> RuleResult:
    # A sentence starts with a capital; only the first letter changes (names keep their case).
    reason = reason[:1].upper() + reason[1:]
    if rule.overridden_by:
        reason += f" (tham số theo quy định của {', '.join(rule.overridden_by)})"
    return RuleResult(rule.code, rule.name, status, reason, rule.article, rule.source_url)


def _spent_text(spent) -> str:
    return "; ".join(f"{_initiative_label(i)} đã dùng để xét {award_label(i.used_for)}" for i in spent)


# --- rule 1: Lao động tiên tiến --------------------------------------------------------------------


def _ldtt_rating(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    facts = check.individual
    if facts is None:
        return None
    minimum = Rating(rule.param("min_rating", Rating.GOOD))
    rating = facts.ratings.get(check.year)
    if rating is None:
        return _result(rule, UNKNOWN, f"Chưa có kết quả xếp loại {_sy(check.year)}")
    if _rating_at_least(rating, minimum):
        return _result(rule, MET, f"{_sy(check.year)} xếp loại {rating.label}")
    return _result(
        rule,
        NOT_MET,
        f"{_sy(check.year)} xếp loại {rating.label}, chưa đạt mức {minimum.label} trở lên",
    )


def _discipline_end(check: _Check) -> date | None:
    """The day achievements count from again, if a discipline ended inside the school year."""
    facts = check.individual
    if not check.rules.param("common.discipline", "count_from_discipline_end", False):
        return None
    if facts is None or facts.restrictions is None:
        return None
    start, _ = evaluation_period(check.year)
    ends = [
        r.ends_on
        for r in facts.restrictions
        if r.kind == DISCIPLINE and r.ends_on and start <= r.ends_on < check.on
    ]
    return max(ends) + timedelta(days=1) if ends else None


def _ldtt_employment(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    facts = check.individual
    if facts is None:
        return None
    needed = rule.param("min_months_employed")
    if facts.employed_since is None:
        return _result(rule, UNKNOWN, "Chưa có ngày tuyển dụng")
    if facts.left_undated:
        return _result(
            rule,
            UNKNOWN,
            "Đã nghỉ việc, chuyển công tác nhưng chưa ghi ngày nghỉ nên không tính được thời gian công tác "
            "trong năm học; hãy ghi ngày nghỉ việc, chuyển đi trong danh sách cán bộ",
        )
    start, notes = facts.employed_since, []
    resumed = _discipline_end(check)
    if resumed and resumed > start:
        start = resumed
        notes.append(f"thành tích tính từ ngày hết kỷ luật {_d(resumed)}")
    # Someone gone before the day of the check worked until the day before they left.
    left = facts.left_on if facts.left_on is not None and facts.left_on <= check.until else None
    until = left - timedelta(days=1) if left else check.until
    months = _months_worked(start, until)
    counts_maternity = check.rules.param("common.maternity_leave", "counts_as_working_time", True)
    if not counts_maternity and facts.maternity_periods:
        away = sum(
            _months_worked(max(p.starts_on, start), min(p.ends_on or until, until))
            for p in facts.maternity_periods
            if p.overlaps(start, until)
        )
        if away:
            months -= away
            notes.append(f"trừ {away} tháng nghỉ thai sản")
    elif facts.maternity_periods and any(
        p.overlaps(evaluation_period(check.year)[0], check.until) for p in facts.maternity_periods
    ):
        notes.append("thời gian nghỉ thai sản được tính")
    detail = f" ({'; '.join(notes)})" if notes else ""
    span = f"từ {_d(facts.employed_since)} đến {_d(until)}"
    if months < needed:
        gone = f"Đã nghỉ việc, chuyển công tác từ ngày {_d(left)}; c" if left else "C"
        return _result(
            rule, NOT_MET, f"{gone}ông tác {span} mới được {months} tháng{detail}, chưa đủ {needed} tháng"
        )
    if left:
        # DOMAIN.md says nothing of who considers, or how, a person who retired or moved away during
        # the year, so the answer is the council's, not a guess.
        return _result(
            rule,
            UNKNOWN,
            f"Đã nghỉ việc, chuyển công tác từ ngày {_d(left)}, trước ngày xét; công tác {span} được "
            f"{months} tháng{detail}. Chưa có quy định trong hệ thống về việc xét danh hiệu cho người đã nghỉ "
            "hưu, thôi việc hay chuyển công tác trong năm học (đơn vị nào đề nghị, có cần ý kiến nhận xét của "
            "đơn vị cũ, đơn vị mới hay không): Hội đồng Thi đua – Khen thưởng xem xét và ghi vào biên bản",
        )
    return _result(rule, MET, f"Công tác {span} được {months} tháng{detail}, đủ từ {needed} tháng")


# --- rule 2: Chiến sĩ thi đua cơ sở --------------------------------------------------------------


def _cstdcs_basis(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    facts = check.individual
    if facts is None:
        return None
    bases = set(rule.param("accepted_bases", []))
    rating = facts.ratings.get(check.year)
    # The rating route first, so that an initiative stays free for a later Bằng khen.
    if "excellent_rating" in bases and rating == Rating.EXCELLENT:
        return _result(rule, MET, f"{_sy(check.year)} xếp loại {Rating.EXCELLENT.label}")
    kinds = {
        k for k, basis in ((INITIATIVE, "initiative"), (SCIENCE_PROJECT, "science_project")) if basis in bases
    }
    found = check.usable_initiatives({check.year}, kinds)
    if found and found[0]:
        chosen = found[0][0]
        check.counted.append(chosen.id)
        return _result(
            rule,
            MET,
            f"Có sáng kiến, đề tài {_initiative_label(chosen)} {_sy(check.year)} được công nhận "
            f"({chosen.scope.label.lower()})",
        )
    scope = check.required_scope().label.lower()
    missing = []
    if "excellent_rating" in bases and rating is None:
        missing.append(f"chưa có kết quả xếp loại {_sy(check.year)}")
    if found is None:
        missing.append("chưa có danh sách sáng kiến")
    elif found[1]:
        missing.append("chưa rõ kết quả công nhận của " + ", ".join(_initiative_label(i) for i in found[1]))
    if missing:
        return _result(rule, UNKNOWN, "; ".join(missing))
    parts = []
    if "excellent_rating" in bases:
        parts.append(f"{_sy(check.year)} xếp loại {rating.label}, chưa phải {Rating.EXCELLENT.label}")
    no_initiative = f"không có sáng kiến, đề tài được công nhận từ {scope} {_sy(check.year)} chưa dùng để khen thưởng khác"
    if "excellent_rating" not in bases:
        no_initiative += " (quy định tại thời điểm này bắt buộc có sáng kiến hoặc đề tài)"
    parts.append(no_initiative)
    if found[2]:
        parts.append(_spent_text(found[2]))
    return _result(rule, NOT_MET, "; ".join(parts))


def _cstdcs_cap(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    share = rule.param("cstdcs_cap_share")
    if share is None or check.individual is None:
        return None  # off unless an authority sets it
    unit = check.unit
    if unit is None or unit.ldtt_count is None or unit.cstdcs_count is None:
        return _result(rule, UNKNOWN, "Chưa có số Lao động tiên tiến và số CSTĐCS đề nghị của đơn vị")
    cap = math.floor(Decimal(str(share)) * unit.ldtt_count)
    text = f"Đơn vị đề nghị {unit.cstdcs_count} CSTĐCS trên {unit.ldtt_count} Lao động tiên tiến; tối đa {_pct(share)} là {cap} người"
    return _result(rule, MET if unit.cstdcs_count <= cap else NOT_MET, text)


# --- rules 3 and 4: Chiến sĩ thi đua cấp tỉnh, toàn quốc ----------------------------------------


def _decision_window(year: int) -> tuple[date, date]:
    """When the titles of the school year ending in `year` can have been decided: after its review,
    from June to the end of that calendar year. A link without its date is asked on both days."""
    return date(year, 6, 1), date(year, 12, 31)


def _entitled_on(check: _Check, link, day: date) -> tuple[str, str, str]:
    """(status, reason, article): whether the body that gave `link` could give it on `day`."""
    name = link.issuer_name
    what = f"{link.title.label} {_sy(link.year)}"
    if (link.issuer_valid_from and day < link.issuer_valid_from) or (
        link.issuer_valid_to and day > link.issuer_valid_to
    ):
        span = f"từ {_d(link.issuer_valid_from)}" if link.issuer_valid_from else ""
        if link.issuer_valid_to:
            span += f" đến {_d(link.issuer_valid_to)}"
        return (
            NOT_MET,
            f"{what} do {name} quyết định ngày {_d(day)}, ngoài thời gian cơ quan này hoạt động ({span.strip()})",
            "",
        )
    rule = check.rules_at(day).get("routing.issuer")
    if rule is None:
        return (
            UNKNOWN,
            f"chưa có quy định về thẩm quyền tặng {link.title.label} tại ngày {_d(day)} để đối chiếu {what} ({name})",
            "",
        )
    route = _school_route(rule.parameters, link.title, check.dossier.school_level if check.dossier else None)
    article = "; ".join(a for a in (route.article, rule.article) if a)
    if not route.levels:
        return UNKNOWN, f"chưa có quy định về thẩm quyền tặng {link.title.label} tại ngày {_d(day)}", article
    given, allowed = set(link.issuer_levels), set(route.levels)
    expected = f"tại ngày {_d(day)} thẩm quyền tặng {link.title.label} thuộc {_levels_text(route.levels)}"
    if given <= allowed and not route.unsettled:
        return MET, f"{what} do {name} quyết định ngày {_d(day)}, đúng thẩm quyền", article
    if not given & allowed:
        return (
            NOT_MET,
            f"{what} do {name} ({_levels_text(sorted(given))}) quyết định ngày {_d(day)}, nhưng {expected}",
            article,
        )
    return UNKNOWN, f"chưa rõ {name} là {_levels_text(sorted(given))}; {expected}", article


def _link_entitled(check: _Check, link) -> tuple[str, str, str]:
    what = f"{link.title.label} {_sy(link.year)}"
    if not link.issuer_levels:
        if link.issuer_name:
            return (
                UNKNOWN,
                f"chưa xác định được {link.issuer_name} (nơi quyết định {what}) thuộc cấp nào để đối chiếu thẩm quyền",
                "",
            )
        return UNKNOWN, f"chưa rõ cơ quan quyết định {what}", ""
    if link.decision_date is not None:
        return _entitled_on(check, link, link.decision_date)
    first, last = (_entitled_on(check, link, day) for day in _decision_window(link.year))
    if first[0] == last[0]:
        return (
            first[0],
            first[1] + " (chưa có ngày quyết định; đối chiếu cả khoảng thời gian có thể quyết định)",
            first[2],
        )
    start, end = _decision_window(link.year)
    return (
        UNKNOWN,
        f"{what} do {link.issuer_name} quyết định nhưng chưa có ngày quyết định, mà thẩm quyền tặng "
        f"{link.title.label} trong khoảng {_d(start)} – {_d(end)} không như nhau",
        "; ".join(dict.fromkeys(a for a in (first[2], last[2]) if a)),
    )


def _links_entitled(check: _Check, links) -> tuple[str, str, str]:
    """Each link of a chain must have been given by a body entitled to give it on its date (the
    district chair before 1/7/2025, the ward chair after): (status, reason, articles). A link
    proposed in this round is the dossier's own routing question, not a link's."""
    answers = [_link_entitled(check, link) for link in links if not link.proposed]
    status = combine_statuses([MET] + [a[0] for a in answers])
    if status == MET:
        return MET, "", ""
    shown = [a for a in answers if a[0] == status]
    return status, "; ".join(a[1] for a in shown), "; ".join(dict.fromkeys(a[2] for a in shown if a[2]))


def _with_issuers(result: RuleResult, issuers: tuple[str, str, str]) -> RuleResult:
    """A chain whose links are fine otherwise answers with what its issuers leave open or break."""
    status, reason, article = issuers
    if status == MET or result.status == NOT_MET:
        return result
    articles = "; ".join(a for a in (result.article, article) if a)
    return replace(result, status=status, reason=f"{result.reason}; {reason}", article=articles)


def _chain(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    facts = check.individual
    if facts is None:
        return None
    chain_title = Title(rule.param("chain_title"))
    count = int(rule.param("consecutive_years"))
    years = list(range(check.year - count + 1, check.year + 1))
    if facts.titles is None:
        return _result(rule, UNKNOWN, "Chưa có lịch sử khen thưởng")
    # Only title and year matter: a 2024 title from "UBND quận Hà Đông" and a 2025 one from
    # "UBND phường Hà Đông" form a chain across the 1/7/2025 reform.
    held = {t.year: t for t in facts.titles if t.title == chain_title}
    missing = [y for y in years if y not in held]
    have = ", ".join(_title_fact_text(held[y]) for y in years if y in held)
    if missing:
        reason = f"Cần {count} năm liên tục đạt {chain_title.label} đến {_sy(check.year)}; thiếu năm học {_years_text(missing)}"
        return _result(rule, NOT_MET, reason + (f" (có: {have})" if have else ""))
    chain_text = f"{chain_title.label} {count} năm liên tục: {have}"
    issuers = _links_entitled(check, [held[y] for y in years])
    if issuers[0] == NOT_MET:
        return _with_issuers(_result(rule, UNKNOWN, chain_text), issuers)
    return _with_issuers(_chain_initiative(check, rule, years, chain_text), issuers)


def _chain_initiative(check: _Check, rule: ResolvedRule, years, chain_text: str) -> RuleResult:
    found = check.usable_initiatives(set(years), {INITIATIVE, SCIENCE_PROJECT})
    scope = check.required_scope()
    if found is None:
        return _result(rule, UNKNOWN, f"{chain_text}; chưa có danh sách sáng kiến")
    usable, doubtful, spent = found
    if usable:
        chosen = usable[0]
        check.counted.append(chosen.id)
        return _result(
            rule,
            MET,
            f"{chain_text}; sáng kiến, đề tài {_initiative_label(chosen)} ({chosen.scope.label.lower()})",
        )
    if doubtful:
        labels = ", ".join(_initiative_label(i) for i in doubtful)
        return _result(rule, UNKNOWN, f"{chain_text}; chưa rõ kết quả công nhận, phạm vi của {labels}")
    reason = (
        f"{chain_text}; nhưng không có sáng kiến, đề tài được công nhận phạm vi "
        f"{scope.label.lower()} trở lên trong năm học {_years_text(years)} chưa dùng để khen thưởng khác"
    )
    if spent:
        reason += f" ({_spent_text(spent)})"
    return _result(rule, NOT_MET, reason)


# --- rules 5 and 6: collective titles --------------------------------------------------------------


def _share_check(part, whole, minimum, strictly, what) -> tuple[str, str]:
    if part is None or not whole:
        return UNKNOWN, f"chưa có số thành viên và số {what}"
    share = Decimal(part) / Decimal(whole)
    needed = Decimal(str(minimum))
    ok = share > needed if strictly else share >= needed
    bound = "trên" if strictly else "từ"
    text = f"{part}/{whole} thành viên {what} ({_pct(share)}), yêu cầu {bound} {_pct(needed)}"
    return (MET if ok else NOT_MET), text


def _ldtt_share_check(facts: CollectiveFacts, rule: ResolvedRule, strictly: bool) -> tuple[str, str]:
    """The share of members who are LĐTT. Where the sources disagree on the threshold, the rule names the
    other one (unverified_ldtt_share): a share that meets only one of them cannot be told apart."""
    what = "đạt Lao động tiên tiến"
    status, text = _share_check(
        facts.ldtt_count, facts.members_count, rule.param("min_ldtt_share"), strictly, what
    )
    other = rule.param("unverified_ldtt_share")
    if status == MET or not other:
        return status, text
    other_status, _ = _share_check(
        facts.ldtt_count, facts.members_count, other["share"], bool(other.get("strictly_greater")), what
    )
    if other_status != MET:
        return status, text
    bound = "trên" if other.get("strictly_greater") else "từ"
    other_pct = _pct(Decimal(str(other["share"])))
    return UNKNOWN, f"{text}; nhưng đạt ngưỡng {bound} {other_pct}: {other.get('note', '')}".rstrip(": ")


def _members_discipline_check(
    facts: CollectiveFacts, level: str, unverified_note: str = ""
) -> tuple[str, str]:
    """No member disciplined at `level` or above. With a note, the condition itself is not verified for
    this title: a member so disciplined leaves the answer to the council, with the note as the reason."""
    level = DisciplineLevel(level)
    worst = facts.worst_member_discipline
    if worst is not None and DISCIPLINE_ORDER.index(worst) >= DISCIPLINE_ORDER.index(level):
        text = f"có thành viên bị kỷ luật {worst.label.lower()} (từ {level.label.lower()} trở lên)"
        return (UNKNOWN, f"{text}: {unverified_note}") if unverified_note else (NOT_MET, text)
    if worst is None and facts.members_disciplined is None:
        return UNKNOWN, "chưa có thông tin kỷ luật của thành viên"
    return MET, f"không có thành viên bị kỷ luật từ {level.label.lower()} trở lên"


def _collective(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    facts = check.collective
    if facts is None:
        return None
    checks = []
    minimum = Rating(rule.param("min_rating", Rating.GOOD))
    if facts.collective_rating is None and facts.proposed_rating is not None:
        checks.append(
            (
                UNKNOWN,
                f"tập thể tự xếp loại {facts.proposed_rating.label}, đang chờ cơ quan quản lý xác nhận",
            )
        )
    elif facts.collective_rating is None:
        checks.append((UNKNOWN, "chưa có kết quả xếp loại của tập thể"))
    elif _rating_at_least(facts.collective_rating, minimum):
        checks.append((MET, f"tập thể xếp loại {facts.collective_rating.label}"))
    else:
        checks.append(
            (NOT_MET, f"tập thể xếp loại {facts.collective_rating.label}, chưa đạt {minimum.label}")
        )
    strictly = bool(rule.param("share_strictly_greater", False))
    if rule.param("min_completed_share") is not None:
        checks.append(
            _share_check(
                facts.completed_count,
                facts.members_count,
                rule.param("min_completed_share"),
                False,
                "hoàn thành nhiệm vụ",
            )
        )
    if rule.param("min_ldtt_share") is not None:
        checks.append(_ldtt_share_check(facts, rule, strictly))
    if rule.param("min_cstdcs") is not None:
        needed = int(rule.param("min_cstdcs"))
        if facts.cstdcs_count is None:
            checks.append((UNKNOWN, "chưa có số Chiến sĩ thi đua cơ sở"))
        else:
            status = MET if facts.cstdcs_count >= needed else NOT_MET
            checks.append((status, f"{facts.cstdcs_count} Chiến sĩ thi đua cơ sở, yêu cầu ít nhất {needed}"))
    if rule.param("member_discipline_from"):
        checks.append(_members_discipline_check(facts, rule.param("member_discipline_from")))
    elif rule.param("member_discipline_unverified"):
        unverified = rule.param("member_discipline_unverified")
        checks.append(_members_discipline_check(facts, unverified["level"], unverified.get("note", "")))
    status = combine_statuses(s for s, _ in checks)
    shown = [text for s, text in checks if s == status] if status != MET else [text for _, text in checks]
    reason = "; ".join(shown)
    return _result(rule, status, reason)


# --- rules 7 and 8: Bằng khen ----------------------------------------------------------------------


def _bk_route_d(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    facts = check.individual
    if facts is None:
        return None
    count = int(rule.param("consecutive_years", 2))
    needed = int(rule.param("min_initiatives", 2))
    years = list(range(check.year - count + 1, check.year + 1))
    if facts.titles is None:
        return _result(rule, UNKNOWN, "Chưa có lịch sử khen thưởng")
    cstdcs = {t.year: t for t in facts.titles if t.title == Title.CSTDCS}
    ratings = [facts.ratings.get(y) for y in years]
    issuers = (MET, "", "")
    if all(y in cstdcs for y in years):
        basis = f"CSTĐCS {count} năm liên tục: " + ", ".join(_title_fact_text(cstdcs[y]) for y in years)
        issuers = _links_entitled(check, [cstdcs[y] for y in years])
        if issuers[0] != MET and all(r == Rating.EXCELLENT for r in ratings):
            # The chain's issuers do not settle it, but the years of "hoàn thành xuất sắc" carry it.
            basis = f"{count} năm liên tục hoàn thành xuất sắc nhiệm vụ (năm học {_years_text(years)})"
            issuers = (MET, "", "")
        elif issuers[0] == NOT_MET:
            return _with_issuers(_result(rule, UNKNOWN, basis), issuers)
    elif all(r == Rating.EXCELLENT for r in ratings):
        basis = f"{count} năm liên tục hoàn thành xuất sắc nhiệm vụ (năm học {_years_text(years)})"
    elif None in ratings:
        return _result(
            rule,
            UNKNOWN,
            f"Chưa đủ {count} năm liên tục CSTĐCS; chưa có kết quả xếp loại năm học "
            + _years_text(y for y, r in zip(years, ratings, strict=True) if r is None),
        )
    else:
        have = ", ".join(f"{y - 1}-{y}" for y in years if y in cstdcs) or "không có"
        return _result(
            rule,
            NOT_MET,
            f"Không có {count} năm liên tục CSTĐCS (có: {have}) hoặc {count} năm liên tục hoàn thành "
            f"xuất sắc nhiệm vụ trong năm học {_years_text(years)}",
        )
    return _with_issuers(_bk_route_d_initiatives(check, rule, years, needed, basis), issuers)


def _bk_route_d_initiatives(check: _Check, rule: ResolvedRule, years, needed: int, basis: str) -> RuleResult:
    found = check.usable_initiatives(set(years), {INITIATIVE, SCIENCE_PROJECT})
    if found is None:
        return _result(rule, UNKNOWN, f"{basis}; chưa có danh sách sáng kiến")
    usable, doubtful, spent = found
    if len(usable) >= needed:
        chosen = usable[:needed]
        check.counted.extend(i.id for i in chosen)
        return _result(
            rule,
            MET,
            f"{basis}; {needed} sáng kiến, đề tài chưa dùng để khen thưởng khác: "
            + ", ".join(_initiative_label(i) for i in chosen),
        )
    if len(usable) + len(doubtful) >= needed:
        labels = ", ".join(_initiative_label(i) for i in doubtful)
        return _result(rule, UNKNOWN, f"{basis}; chưa rõ kết quả công nhận của {labels}")
    reason = (
        f"{basis}; nhưng trong năm học {_years_text(years)} chỉ có {len(usable)} sáng kiến, đề tài được "
        f"công nhận chưa dùng để khen thưởng khác, cần {needed}"
    )
    if spent:
        reason += f" ({_spent_text(spent)}; sáng kiến đã dùng để xét CSTĐCS không được tính lại)"
    return _result(rule, NOT_MET, reason)


def _bk_ttg_route_b(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    facts = check.individual
    if facts is None:
        return None
    count = int(rule.param("consecutive_years", 5))
    minimum = Rating(rule.param("min_rating", Rating.GOOD))
    needed_cstdcs = int(rule.param("min_cstdcs", 3))
    years = list(range(check.year - count + 1, check.year + 1))
    if facts.titles is None:
        return _result(rule, UNKNOWN, "Chưa có lịch sử khen thưởng")
    earlier = [
        t
        for t in facts.titles
        if t.title in (Title.BANG_KHEN_TINH, Title.BANG_KHEN_BO) and t.year < years[0] and not t.proposed
    ]
    regular = [t for t in earlier if t.occasion == OCCASION_REGULAR]
    checks = []
    if regular:
        last = max(regular, key=lambda t: t.year)
        checks.append((MET, f"đã có {last.title.label} {_sy(last.year)}"))
    else:
        text = f"chưa có Bằng khen cấp bộ, tỉnh (khen thường xuyên) trước năm học {years[0] - 1}-{years[0]}"
        if earlier:
            text += "; Bằng khen đột xuất, chuyên đề không làm căn cứ đề nghị khen công trạng"
        checks.append((NOT_MET, text))
    low = [
        y
        for y in years
        if facts.ratings.get(y) is not None and not _rating_at_least(facts.ratings[y], minimum)
    ]
    unknown = [y for y in years if facts.ratings.get(y) is None]
    if low:
        checks.append((NOT_MET, f"năm học {_years_text(low)} xếp loại dưới mức {minimum.label}"))
    elif unknown:
        checks.append((UNKNOWN, f"chưa có kết quả xếp loại năm học {_years_text(unknown)}"))
    else:
        checks.append((MET, f"{count} năm liên tục ({_years_text(years)}) từ {minimum.label} trở lên"))
    cstdcs_years = sorted({t.year for t in facts.titles if t.title == Title.CSTDCS and t.year in years})
    status = MET if len(cstdcs_years) >= needed_cstdcs else NOT_MET
    checks.append((status, f"{len(cstdcs_years)} lần CSTĐCS trong {count} năm (cần {needed_cstdcs})"))
    status = combine_statuses(s for s, _ in checks)
    shown = [text for s, text in checks if s == status] if status != MET else [text for _, text in checks]
    reason = "; ".join(shown)
    return _result(rule, status, reason)


# --- the other routes of a Bằng khen (TT 29/2023 Art. 9), a collective's Bằng khen, the Giấy khen --


def _thematic_awards(facts, years) -> list:
    return [
        t
        for t in facts.titles or ()
        if t.year in years and not t.proposed and t.occasion == OCCASION_THEMATIC
    ]


def _bk_bo_movement(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    """Route a: the platform holds its offices' movements and the award history, not a person's results
    in a movement the Prime Minister or the Minister launched; it says what it saw and what to attach."""
    facts = check.individual
    if facts is None:
        return None
    launchers = _levels_text(rule.param("launchers", []) or ["thu_tuong", "bo_truong"])
    reason = (
        f"hệ thống không lưu kết quả của cá nhân trong phong trào thi đua do {launchers} phát động; "
        "cần đính kèm văn bản phát động phong trào và minh chứng thành tích xuất sắc trong phong trào đó "
        "(quyết định khen thưởng, giấy chứng nhận, xác nhận của cơ quan tổ chức phong trào)"
    )
    thematic = _thematic_awards(facts, {check.year - 1, check.year})
    if thematic:
        seen = ", ".join(
            f"{t.title.label} {_sy(t.year)} (khen theo chuyên đề, {t.issuer_name or 'chưa rõ nơi quyết định'})"
            for t in thematic
        )
        reason += f". Lịch sử khen thưởng có: {seen}; cần xác nhận phong trào đó do {launchers} phát động"
    return _result(rule, UNKNOWN, reason)


def _bk_bo_long_task(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    """Route b: tasks the Prime Minister (≥3 years) or the Minister (≥5 years) assigned are not in the
    platform; only a working time shorter than the fewest years rules the route out."""
    facts = check.individual
    if facts is None:
        return None
    by_pm = int(rule.param("years_assigned_by_pm", 3))
    by_minister = int(rule.param("years_assigned_by_minister", 5))
    wanted = (
        f"nhiệm vụ có ảnh hưởng trong ngành do Thủ tướng giao (từ {by_pm} năm) hoặc Bộ trưởng giao "
        f"(từ {by_minister} năm)"
    )
    if facts.employed_since is not None:
        months = _months_worked(facts.employed_since, check.on)
        if months < 12 * min(by_pm, by_minister):
            return _result(
                rule,
                NOT_MET,
                f"Công tác từ {_d(facts.employed_since)} đến {_d(check.on)} chưa đủ {min(by_pm, by_minister)} "
                f"năm nên chưa thể có {wanted}",
            )
    return _result(
        rule,
        UNKNOWN,
        f"Hệ thống không lưu {wanted}; cần đính kèm quyết định giao nhiệm vụ và văn bản xác nhận kết quả, "
        "phạm vi ảnh hưởng của cơ quan giao nhiệm vụ",
    )


def _bk_bo_irregular(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    if check.individual is None:
        return None
    return _result(
        rule,
        UNKNOWN,
        "Thành tích đột xuất do Hội đồng Thi đua – Khen thưởng đánh giá, hệ thống không tự xác định được; "
        "cần báo cáo thành tích đột xuất và minh chứng (văn bản ghi nhận sự việc, xác nhận của cơ quan có thẩm quyền)",
    )


def _bk_collective(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    if check.collective is None:
        return None
    return _result(
        rule,
        UNKNOWN,
        f"Tiêu chuẩn {check.target.label} cho tập thể: không tìm thấy nguồn quy định công khai (hệ thống chỉ "
        "có tiêu chuẩn cho cá nhân); Hội đồng đối chiếu nguyên văn Điều 74 Luật Thi đua, khen thưởng 2022 và "
        "Điều 9 Thông tư 29/2023/TT-BGDĐT, đính kèm báo cáo thành tích của tập thể",
    )


def _criteria_not_found(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    """A title whose own criteria the platform's sources do not give: cannot tell, and why, rather than
    "met" because only the cross-cutting rules spoke."""
    entry = (rule.param("by_title", {}) or {}).get(str(check.target))
    if not entry or (entry.get("collective_only") and check.collective is None):
        return None
    return _result(rule, UNKNOWN, entry["reason"])


def _giay_khen_criteria(check: _Check, rule: ResolvedRule) -> RuleResult:
    collective = check.collective is not None
    checked = "trùng thành tích" if collective else "kỷ luật, khiếu nại, trùng thành tích"
    return _result(
        rule,
        UNKNOWN,
        f"Tiêu chuẩn chi tiết của Giấy khen cho {'tập thể' if collective else 'cá nhân'}: không tìm thấy nguồn "
        f"quy định (Luật chỉ quy định thẩm quyền tặng). Hệ thống đã kiểm tra {checked} và thẩm quyền theo "
        "ngày; Hội đồng Thi đua – Khen thưởng đối chiếu tiêu chuẩn trong quy chế thi đua, khen thưởng của cơ "
        "quan, đơn vị và ghi vào biên bản",
    )


# --- rules 9 and 10: initiatives ------------------------------------------------------------------


def _initiatives_in_play(check: _Check) -> list[InitiativeFact] | None:
    facts = check.individual
    if facts is None or facts.initiatives is None:
        return None
    by_id = {i.id: i for i in facts.initiatives}
    ids = facts.cited_initiative_ids if facts.cited_initiative_ids is not None else check.counted
    return [by_id[i] for i in ids if i in by_id]


def _initiative_single_use(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    facts = check.individual
    if facts is None:
        return None
    if facts.initiatives is None:
        return _result(rule, UNKNOWN, "Chưa có danh sách sáng kiến")
    cited = facts.cited_initiative_ids
    if cited is not None:
        unknown_ids = [i for i in cited if i not in {x.id for x in facts.initiatives}]
        if unknown_ids:
            return _result(rule, UNKNOWN, f"Không tìm thấy sáng kiến mã {', '.join(map(str, unknown_ids))}")
    in_play = _initiatives_in_play(check)
    if not in_play:
        return None  # the nomination rests on no initiative
    spent = [i for i in in_play if i.used_for not in (None, check.key)]
    if spent:
        return _result(rule, NOT_MET, _spent_text(spent))
    labels = ", ".join(_initiative_label(i) for i in in_play)
    return _result(rule, MET, f"Sáng kiến, đề tài {labels} chưa được dùng để xét khen thưởng khác")


def _initiative_validity(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    in_play = _initiatives_in_play(check)
    if not in_play:
        return None
    minimum = check.required_scope()
    checks = []
    for initiative in in_play:
        label = _initiative_label(initiative)
        if initiative.recognized is False:
            checks.append((NOT_MET, f"sáng kiến {label} chưa được Hội đồng sáng kiến công nhận"))
        elif initiative.recognized is None or initiative.scope is None:
            checks.append((UNKNOWN, f"chưa rõ kết quả công nhận, phạm vi của sáng kiến {label}"))
        elif not _scope_at_least(initiative.scope, minimum):
            checks.append(
                (
                    NOT_MET,
                    f"sáng kiến {label} được công nhận {initiative.scope.label.lower()}, chưa đạt "
                    f"{minimum.label.lower()} mà {check.target.label} yêu cầu",
                )
            )
        else:
            checks.append((MET, f"sáng kiến {label} được công nhận {initiative.scope.label.lower()}"))
    status = combine_statuses(s for s, _ in checks)
    shown = [text for s, text in checks if s == status] if status != MET else [text for _, text in checks]
    reason = "; ".join(shown)
    return _result(rule, status, reason)


# --- rules 11, 12, 13: principles ------------------------------------------------------------------


def _decision_text(fact) -> str:
    details = [f"quyết định số {fact.decision_number}" if fact.decision_number else "", fact.issuer_name]
    details = [d for d in details if d]
    return f" ({', '.join(details)})" if details else ""


def _one_achievement(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    titles = check.facts.titles
    if titles is None:
        return _result(rule, UNKNOWN, "Chưa có lịch sử khen thưởng")
    # A title decided after the day of the check was not there to duplicate: a dossier checked in
    # May keeps its answer when the awards it asked for are recorded in July.
    received = [
        t
        for t in titles
        if not t.proposed
        and t.year == check.year
        and (t.decision_date is None or t.decision_date <= check.on)
    ]
    same = [t for t in received if t.title == check.target]
    if same:
        return _result(
            rule,
            NOT_MET,
            f"{_sy(check.year)} đã được tặng {check.target.label}{_decision_text(same[0])}",
        )
    if check.target not in EMULATION_TITLES and check.target != Title.KNC_GIAO_DUC:
        other = [
            t
            for t in received
            if t.title not in EMULATION_TITLES
            and t.title != Title.KNC_GIAO_DUC
            and t.occasion == OCCASION_REGULAR
        ]
        if other:
            return _result(
                rule,
                NOT_MET,
                f"Thành tích {_sy(check.year)} đã được khen {other[0].title.label}{_decision_text(other[0])}; "
                "một thành tích không khen nhiều hình thức",
            )
    return _result(
        rule, MET, f"Thành tích {_sy(check.year)} chưa được khen thưởng trùng danh hiệu, hình thức"
    )


def _discipline(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    facts = check.individual
    if facts is None:
        return None
    if facts.restrictions is None:
        return _result(
            rule,
            UNKNOWN,
            "Chưa có thông tin về kỷ luật, xem xét kỷ luật, điều tra, thanh tra, giải quyết khiếu nại",
        )
    blocking = set(rule.param("blocking_kinds", [DISCIPLINE, INVESTIGATION, COMPLAINT]))
    active = [r for r in facts.restrictions if r.kind in blocking and r.period.covers(check.on)]
    if active:
        texts = []
        for r in active:
            level = f" ({r.discipline_level.label.lower()})" if r.discipline_level else ""
            note = f": {r.note}" if r.note else ""
            texts.append(
                f"{RESTRICTION_LABELS.get(r.kind, r.kind)}{level} từ {_d(r.starts_on)} đến {_d(r.ends_on)}{note}"
            )
        return _result(rule, NOT_MET, "; ".join(texts))
    resumed = _discipline_end(check)
    if resumed:
        return _result(rule, MET, f"Đã hết thời hạn kỷ luật; thành tích chỉ tính từ ngày {_d(resumed)}")
    return _result(
        rule, MET, "Không bị kỷ luật, xem xét kỷ luật, điều tra, thanh tra hay giải quyết khiếu nại"
    )


def _collective_objection(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    """A collective's candidacy with an objection raised while the list was posted and not answered by
    the council is not met until it is answered; a person's is rule common.discipline's (a complaint)."""
    facts = check.collective
    if facts is None:
        return None
    # Open now, whatever the day the check speaks for: the list is posted after the review round.
    if facts.complaints:
        return _result(rule, NOT_MET, "; ".join(f"Có {r.note}" for r in facts.complaints))
    return _result(rule, MET, "Không có ý kiến phản ánh nào đang chờ Hội đồng trả lời")


def _maternity(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    facts = check.individual
    if facts is None or not facts.maternity_periods:
        return None  # nothing to protect
    start, end = evaluation_period(check.year)
    periods = [p for p in facts.maternity_periods if p.overlaps(start, end)]
    if not periods:
        return None
    text = "; ".join(f"từ {_d(p.starts_on)} đến {_d(p.ends_on)}" for p in periods)
    if rule.param("counts_as_working_time", True):
        return _result(
            rule,
            MET,
            f"Nghỉ thai sản {text}: được tính là thời gian công tác, không phải lý do để không xét",
        )
    return _result(
        rule,
        NOT_MET,
        f"Nghỉ thai sản {text}: theo tham số đang áp dụng không được tính là thời gian công tác",
    )


# --- rule 14: ties --------------------------------------------------------------------------------

TIE_BREAK = "common.tie_break"
NO_PRIORITY, PRIORITY = 1, 0


@dataclass(frozen=True)
class TiePriority:
    """Where a candidate stands among those tied with it: PRIORITY (0) before NO_PRIORITY (1), and why."""

    rank: int = NO_PRIORITY
    reason: str = ""


def _percent(share: Decimal) -> str:
    text = f"{share * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} %"


def tie_priority(
    rules: RuleSet,
    *,
    gender: str | None = None,
    members_count: int | None = None,
    female_count: int | None = None,
) -> TiePriority:
    """Rule 14 for one candidate: a woman (gender "nu"), or a collective (gender None, with its members
    counted) whose share of women reaches the rule's parameter, goes first among the tied. The reason
    cites the decree in force on the rules' day; with no rule in force nobody has priority."""
    rule = rules.get(TIE_BREAK)
    if rule is None:
        return TiePriority()
    article = rule.param("short_article") or rule.article
    if gender is not None:
        if gender == "nu" and rule.param("prefer_women", True):
            return TiePriority(PRIORITY, f"Ưu tiên: nữ ({article})")
        return TiePriority()
    minimum = rule.param("female_collective_min_share")
    if minimum is None or not members_count or female_count is None:
        return TiePriority()
    share = Decimal(female_count) / Decimal(members_count)
    if share >= Decimal(str(minimum)):
        return TiePriority(PRIORITY, f"Ưu tiên: tập thể có {_percent(share)} nữ ({article})")
    return TiePriority()


def leader_tenure_answer(rules: RuleSet) -> RuleResult | None:
    """The second half of rule 14 (a female leader's required tenure reduced by a parameter, one third):
    the platform checks no leadership tenure anywhere, so the answer says so instead of applying it."""
    rule = rules.get(TIE_BREAK)
    if rule is None:
        return None
    numerator, denominator = rule.param("female_leader_tenure_reduction", [1, 3])
    return _result(
        rule,
        UNKNOWN,
        f"Thời gian giữ chức vụ lãnh đạo yêu cầu đối với nữ lãnh đạo được giảm {numerator}/{denominator}, "
        "nhưng nền tảng không lưu và không kiểm tra thời gian giữ chức vụ lãnh đạo ở danh hiệu, hình thức "
        "nào; cán bộ TĐKT xem xét điều kiện này",
    )


# --- rule 15: Kỷ niệm chương -----------------------------------------------------------------------


def _clipped_days(period, start: date, end: date) -> int:
    first, last = max(period.starts_on, start), min(period.ends_on or end, end)
    return (last - first).days + 1 if last >= first else 0


def _knc(facts: IndividualFacts, on: date, rule: ResolvedRule) -> RuleResult:
    if facts.previous_knc or (
        facts.titles and any(t.title == Title.KNC_GIAO_DUC and not t.proposed for t in facts.titles)
    ):
        return _result(
            rule, NOT_MET, "Đã được tặng Kỷ niệm chương “Vì sự nghiệp giáo dục” (chỉ tặng một lần)"
        )
    if facts.joined_sector_on is None:
        return _result(rule, UNKNOWN, "Chưa có ngày vào ngành")
    # Whole months worked through the day of the check: 01/09/2005 through 31/08/2025 is 20 years.
    service = Decimal(_months_worked(facts.joined_sector_on, on)) / 12
    disciplined_days = None
    if facts.restrictions is not None:
        disciplined_days = sum(
            _clipped_days(r.period, facts.joined_sector_on, on)
            for r in facts.restrictions
            if r.kind == DISCIPLINE
        )
        service -= Decimal(disciplined_days) / _DAYS_PER_YEAR
    extra = facts.years_in_study_or_military
    lower = service + (extra or 0)
    upper = None if extra is None else lower  # unknown study years could add any amount
    normal = Decimal(str(rule.param("min_service_years", 20)))
    reduced = Decimal(str(rule.param("min_service_years_difficult", 15)))
    difficult_needed = Decimal(str(rule.param("min_difficult_area_years", 5)))
    difficult = facts.difficult_area_years
    if difficult is None:
        thresholds = (reduced, normal)
    else:
        thresholds = (reduced,) if difficult >= difficult_needed else (normal,)
    parts = [f"{_num(lower)} năm công tác tính đến {_d(on)}"]
    if disciplined_days:
        parts.append(f"đã trừ {disciplined_days} ngày bị kỷ luật")
    if extra:
        parts.append(f"gồm {_num(extra)} năm đi học, nghĩa vụ quân sự")
    if difficult is not None and difficult >= difficult_needed:
        parts.append(f"có {_num(difficult)} năm ở vùng đặc biệt khó khăn, yêu cầu {_num(reduced)} năm")
    else:
        parts.append(f"yêu cầu {_num(normal)} năm")
    text = "; ".join(parts)
    if upper is not None and upper < min(thresholds):
        return _result(rule, NOT_MET, f"Mới có {text}")
    if lower >= max(thresholds) and disciplined_days is not None and facts.previous_knc is False:
        return _result(rule, MET, f"Có {text}; chưa được tặng")
    missing = []
    if facts.previous_knc is None:
        missing.append("chưa rõ đã được tặng hay chưa")
    if disciplined_days is None:
        missing.append("chưa có thông tin thời gian bị kỷ luật")
    if extra is None:
        missing.append("chưa có số năm đi học, nghĩa vụ quân sự")
    if difficult is None:
        missing.append("chưa có số năm công tác ở vùng đặc biệt khó khăn")
    return _result(rule, UNKNOWN, f"Có {text}; " + "; ".join(missing))


def _knc_rule(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    return _knc(check.individual, check.on, rule) if check.individual is not None else None


# --- rules 16 and 17: the dossier ------------------------------------------------------------------


def _dossier(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    dossier = check.dossier
    if dossier is None:
        return None  # asked before a dossier exists
    documents = rule.param("documents", {}) or {}
    required = list(documents.get("*", [])) + list(documents.get(str(check.target), []))
    rests_on_initiative = bool(_initiatives_in_play(check))
    if str(check.target) in rule.param("initiative_certificate_for", []) and rests_on_initiative:
        required.append(INITIATIVE_CERTIFICATE)
    missing = [d for d in dict.fromkeys(required) if d not in dossier.documents]
    if missing:
        labels = ", ".join(DOCUMENT_LABELS.get(d, d) for d in missing)
        return _result(rule, NOT_MET, f"Hồ sơ còn thiếu: {labels}")
    if rule.param("evidence_must_be_certified", False) and dossier.evidence_count:
        if dossier.evidence_certified is False:
            return _result(rule, NOT_MET, "Minh chứng phải là bản chính hoặc bản sao có chứng thực")
        if dossier.evidence_certified is None:
            return _result(rule, UNKNOWN, "Chưa xác nhận minh chứng là bản chính hoặc bản sao có chứng thực")
    present = ", ".join(DOCUMENT_LABELS.get(d, d) for d in dict.fromkeys(required))
    return _result(
        rule, MET, f"Hồ sơ có đủ: {present}" if present else "Hồ sơ không yêu cầu thành phần bắt buộc"
    )


def _levels_text(levels) -> str:
    return " hoặc ".join(ISSUER_LEVELS.get(level, level) for level in levels)


@dataclass(frozen=True)
class _SchoolRoute:
    """Who may decide a title for a school of a given level, per routing.issuer's parameters."""

    levels: tuple[str, ...]
    note: str = ""  # what the law says (or does not say) about who manages such a school
    article: str = ""  # the article behind the school-level answer, cited beside the rule's own
    unsettled: bool = False  # the managing body itself is unknown: the answer cannot be MET


def _school_route(parameters, title: Title, school_level: str | None) -> _SchoolRoute:
    """`issuer_levels` is the answer for a school run by a ward (a district before 1/7/2025);
    `by_school_level` replaces it for the levels the Sở runs (THPT, GDNN-GDTX) and says what is
    unverified, e.g. for a liên cấp school whose managing body depends on its levels."""
    base = tuple((parameters.get("issuer_levels") or {}).get(str(title)) or ())
    entry = (parameters.get("by_school_level") or {}).get(school_level or "")
    if not entry:
        return _SchoolRoute(base)
    levels = tuple((entry.get("issuer_levels") or {}).get(str(title)) or base)
    return _SchoolRoute(levels, entry.get("note", ""), entry.get("article", ""), bool(entry.get("unsettled")))


def _routing(check: _Check, rule: ResolvedRule) -> RuleResult | None:
    if check.dossier is None:
        return None
    route = _school_route(rule.parameters, check.target, check.dossier.school_level)
    if not route.levels:
        return _result(rule, UNKNOWN, f"Chưa có quy định về thẩm quyền tặng {check.target.label}")
    addressed = check.dossier.addressed_to_level
    expected = (
        f"tại ngày {_d(check.on)} thẩm quyền tặng {check.target.label} thuộc {_levels_text(route.levels)}"
    )
    if addressed is None:
        result = _result(rule, UNKNOWN, f"Chưa xác định cấp trình; {expected}")
    elif addressed not in route.levels:
        result = _result(
            rule, NOT_MET, f"Hồ sơ trình {ISSUER_LEVELS.get(addressed, addressed)}, nhưng {expected}"
        )
    elif route.unsettled:
        result = _result(
            rule,
            UNKNOWN,
            f"Hồ sơ trình {ISSUER_LEVELS.get(addressed, addressed)}; cần cán bộ xác nhận cơ quan quản lý "
            f"của trường, vì {expected}",
        )
    else:
        result = _result(
            rule,
            MET,
            f"Trình {ISSUER_LEVELS.get(addressed, addressed)}: đúng thẩm quyền tại ngày {_d(check.on)}",
        )
    if route.note:
        result = replace(result, reason=f"{result.reason}. {route.note}")
    if route.article:
        result = replace(result, article=f"{route.article}; {result.article}")
    return result


EVALUATORS: dict[str, Callable[[_Check, ResolvedRule], RuleResult | None]] = {
    "ldtt.rating": _ldtt_rating,
    "ldtt.employment": _ldtt_employment,
    "cstdcs.basis": _cstdcs_basis,
    "cstdcs.cap": _cstdcs_cap,
    "cstd_tinh.basis": _chain,
    "cstd_tq.basis": _chain,
    "ttldxs.basis": _collective,
    "ttldtt.basis": _collective,
    "bk.route_d": _bk_route_d,
    "bk_ttg.route_b": _bk_ttg_route_b,
    "bk_bo.movement": _bk_bo_movement,
    "bk_bo.long_task": _bk_bo_long_task,
    "bk_bo.irregular": _bk_bo_irregular,
    "bk.collective": _bk_collective,
    "giay_khen.criteria": _giay_khen_criteria,
    "criteria.not_found": _criteria_not_found,
    "initiative.single_use": _initiative_single_use,
    "initiative.validity": _initiative_validity,
    "common.one_achievement": _one_achievement,
    "common.discipline": _discipline,
    "common.collective_objection": _collective_objection,
    "common.maternity_leave": _maternity,
    "knc.service_years": _knc_rule,
    "dossier.completeness": _dossier,
    "routing.issuer": _routing,
}


def _wrong_candidate_kind(target: Title, facts) -> RuleResult | None:
    """A title the law gives only to collectives asked for a person, or the reverse: not met, whatever
    else holds (every other rule would speak of facts the candidate cannot have)."""
    individual = isinstance(facts, IndividualFacts)
    if target in (INDIVIDUAL_TITLES if individual else COLLECTIVE_TITLES):
        return None
    return RuleResult(
        "rules.candidate_kind",
        "Danh hiệu, hình thức đúng đối tượng (cá nhân, tập thể)",
        NOT_MET,
        f"{target.label} chỉ xét tặng cho {'tập thể' if individual else 'cá nhân'}, không xét cho "
        f"{'cá nhân' if individual else 'tập thể'}",
        "Luật Thi đua, khen thưởng 2022 (Điều 21–24: danh hiệu thi đua đối với cá nhân; Điều 27, 28: danh "
        "hiệu thi đua đối với tập thể)",
    )


def check_nomination(
    target: Title,
    facts: IndividualFacts | CollectiveFacts,
    *,
    year: int,
    on: date,
    rules: RuleSet,
    dossier: DossierFacts | None = None,
    unit: CollectiveFacts | None = None,
    history: Callable[[date], RuleSet] | None = None,
) -> CheckReport:
    """Check one candidate (a person or a collective) for one title or form of the school year
    ending in `year`, with the rules in force on `on` (rules = active_rules(on, authority)).
    `unit` is the candidate's collective, for caps on its share of titles; `dossier` adds the
    dossier and routing checks. `on` is the day the check speaks for (the review round's, not the day
    it runs): time worked, discipline and the rules are all as of that day. `history` gives the rules
    in force on another day (selectors.rule_book), for the links of a chain decided under another law;
    without it, such a day's rules are read when asked."""
    target = Title(target)
    wrong_kind = _wrong_candidate_kind(target, facts)
    if wrong_kind is not None:
        return CheckReport(target, year, on, (wrong_kind,))
    check = _Check(target, facts, year, on, rules, dossier, unit, history=history)
    routes = set((rules.param("routes.any_of", "routes", {}) or {}).get(str(target), []))
    results = []
    for rule in rules.for_title(target):
        if rule.code in NOT_CONDITIONS:
            continue
        evaluator = EVALUATORS.get(rule.code)
        if evaluator is None:
            # A rule an office added that no code evaluates yet: say so rather than pass silently.
            results.append(
                _result(rule, UNKNOWN, "Quy tắc này chưa được kiểm tra tự động; cần cán bộ xem xét")
            )
            continue
        result = evaluator(check, rule)
        if result is not None:
            results.append(replace(result, route=True) if rule.code in routes else result)
    if not results:
        results.append(
            RuleResult(
                "rules.none",
                "Quy định áp dụng",
                UNKNOWN,
                f"Chưa có quy định nào được áp dụng để xét {target.label} tại ngày {_d(on)}",
                "",
            )
        )
    return CheckReport(target, year, on, tuple(results), tuple(dict.fromkeys(check.counted)))


def _rules_for(on: date, rules: RuleSet | None) -> RuleSet:
    if rules is not None:
        return rules
    from office.rules.selectors import active_rules  # the only read, and only when not handed rules

    return active_rules(on)


def knc_eligibility(facts: IndividualFacts, on: date, *, rules: RuleSet | None = None) -> RuleResult:
    """Years of service and "awarded once" for the Kỷ niệm chương “Vì sự nghiệp giáo dục”. Pages that
    list many people read the rules once (active_rules) and pass them."""
    rules = _rules_for(on, rules)
    rule = rules.get("knc.service_years")
    if rule is None:
        return RuleResult(
            "knc.service_years",
            "Kỷ niệm chương “Vì sự nghiệp giáo dục”",
            UNKNOWN,
            f"Chưa có quy định về Kỷ niệm chương áp dụng tại ngày {_d(on)}",
            "",
        )
    return _knc(facts, on, rule)


def expected_issuer_levels(
    title: Title, decision_date: date, *, rules: RuleSet | None = None, school_level: str | None = None
) -> tuple[str, ...]:
    """Who may decide `title` on `decision_date`, first the usual one (ISSUER_LEVELS), for a school
    of `school_level` (a ward's school when not given)."""
    rules = _rules_for(decision_date, rules)
    rule = rules.get("routing.issuer")
    if rule is None:
        return ()
    return _school_route(rule.parameters, Title(title), school_level).levels


def expected_issuer_level(
    title: Title, decision_date: date, *, rules: RuleSet | None = None, school_level: str | None = None
) -> str | None:
    """The level that decides `title` for a school on `decision_date`: before 1/7/2025 the district
    chair, from then the commune/ward chair, for LĐTT, CSTĐCS, TTLĐTT and Giấy khen; the Sở's
    director for a THPT school (and a GDNN-GDTX centre from 1/7/2025). None where no rule covers
    the date."""
    levels = expected_issuer_levels(title, decision_date, rules=rules, school_level=school_level)
    return levels[0] if levels else None


def issuer_answer(
    title: Title, decision_date: date, *, school_level: str | None = None, rules: RuleSet | None = None
) -> RuleResult:
    """The sentence a page shows for "who awards `title` to this school on this date", with the
    article and what is unverified; UNKNOWN where the law the platform holds does not settle it."""
    title = Title(title)
    rules = _rules_for(decision_date, rules)
    rule = rules.get("routing.issuer")
    if rule is None:
        return RuleResult(
            "routing.issuer",
            "Thẩm quyền quyết định khen thưởng theo thời điểm",
            UNKNOWN,
            f"Chưa có quy định về thẩm quyền tặng {title.label} tại ngày {_d(decision_date)}",
            "",
        )
    route = _school_route(rule.parameters, title, school_level)
    if not route.levels:
        result = _result(rule, UNKNOWN, f"Chưa có quy định về thẩm quyền tặng {title.label}")
    else:
        result = _result(
            rule,
            UNKNOWN if route.unsettled else MET,
            f"Tại ngày {_d(decision_date)} thẩm quyền tặng {title.label} thuộc {_levels_text(route.levels)}",
        )
    if route.note:
        result = replace(result, reason=f"{result.reason}. {route.note}")
    if route.article:
        result = replace(result, article=f"{route.article}; {result.article}")
    return result


def bonus_amount(
    title: Title,
    on: date,
    base_salary: Decimal,
    *,
    household: bool = False,
    collective: bool = False,
    rules: RuleSet | None = None,
) -> Decimal | None:
    """The bonus for `title` decided on `on`: multiplier × lương cơ sở (× the household factor, × the
    collective factor for a form given to a collective), to the đồng. None where the multiplier or
    factor in force on that date is not known (DOMAIN.md gives only part of NĐ 98's table)."""
    rules = _rules_for(on, rules)
    rule = rules.get("bonus.multipliers")
    if rule is None:
        return None
    title = Title(title)
    multiplier = (rule.param("multipliers", {}) or {}).get(str(title))
    if multiplier is None:
        return None
    amount = Decimal(str(multiplier)) * Decimal(str(base_salary))
    if household:
        factor = rule.param("household_factor")
        if factor is None:
            return None
        amount *= Decimal(str(factor))
    if collective and title not in EMULATION_TITLES:
        # Collective titles have their own multipliers; only forms are multiplied for a collective.
        factor = rule.param("collective_form_factor")
        if factor is None:
            return None
        amount *= Decimal(str(factor))
    return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
