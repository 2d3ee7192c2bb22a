"""The dashboard table's body as HTML, built in Python.

A thousand rows of some twenty cells each cost Django's template engine about half of the page's time
budget (each variable goes through lookup, localisation and auto-escaping); the same markup written
here with the standard library's escaping (quotes included) is an order of magnitude cheaper, which keeps the page's p95 under 150 ms
at 1,000 schools (bench/dashboard.py). Everything else of the page stays in the template."""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from reporting.dashboard.figures import Dashboard, WardSummary

SENT = '<span class="badge text-bg-success">{}</span>'
LATE_BADGE = '<span class="badge text-bg-danger">{}</span>'
NOT_SENT = '<span class="badge text-bg-light border text-danger">Chưa gửi</span>'


def table_rows_html(dashboard: Dashboard, *, school_url: str, school_year: str, start: int = 1) -> SafeString:
    """`school_url` is the drill-in URL with "CODE" where the school's code goes; rows are numbered
    from `start` (a later page of the city's list)."""
    plan_sent, registration_sent = SENT.format("Đã ban hành"), SENT.format("Đã gửi")
    year = escape(school_year)
    parts = []
    for number, row in enumerate(dashboard.rows, start=start):
        code = escape(row.code)
        share = row.teaching_award_percent
        cells = []
        for cell in row.deadlines:
            sent_on = (
                f'<div class="fw-normal text-muted">{cell.sent_on:%d/%m/%Y}</div>' if cell.sent_on else ""
            )
            late = ' class="text-danger fw-bold"' if cell.is_late else ""
            cells.append(
                f'<td{late} data-testid="deadline-{code}-{cell.deadline_id}">{cell.label}{sent_on}</td>'
            )
        late_count = row.late_count
        late_badge = LATE_BADGE.format(late_count) if late_count else ""
        parts.append(
            f'<tr class="{"table-danger" if late_count else ""}" data-testid="row-{code}">'
            f"<td>{number}</td>"
            f'<td><a href="{escape(school_url.replace("CODE", row.code))}?nam_hoc={year}">{escape(row.name)}</a>'
            f'<div class="text-muted">{row.level_label}</div></td>'
            f"<td>{escape(row.cluster_name)}</td>"
            f'<td data-testid="rank-{code}">{row.cluster_rank if row.cluster_rank is not None else ""}</td>'
            f'<td data-testid="plan-state-{code}">{plan_sent if row.plan_issued else NOT_SENT}</td>'
            f"<td>{registration_sent if row.registration_submitted else NOT_SENT}</td>"
            f"<td>{row.initiatives_recognised}</td>"
            f"<td>{row.dossiers_draft}</td>"
            f"<td>{row.dossiers_submitted}</td>"
            f'<td class="{"text-danger fw-bold" if row.dossiers_returned else ""}">{row.dossiers_returned}</td>'
            f"<td>{row.dossiers_accepted}</td>"
            f"<td>{row.dossiers_forwarded}</td>"
            f'<td data-testid="share-{code}">{f"{share}%" if share is not None else "—"}</td>'
            + "".join(cells)
            + f"<td>{late_badge}</td></tr>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - each value is escaped, a number or a fixed label of ours


def _percent(value: int | None) -> str:
    return f"{value}%" if value is not None else "—"


def ward_lines_html(
    lines: list[tuple[WardSummary, str]], *, selected: int | None, filtered: bool
) -> SafeString:
    """The city's table of managing offices: each line with the query string that opens its schools.
    Written here for the same reason as the rows: 130 lines of a dozen cells each cost the template
    engine a third of the page's budget at 3,000 schools (bench/dashboard.py)."""
    parts = []
    for line, query in lines:
        pk = line.authority_id
        name = escape(line.name)
        label = f"Trường do {name} trực tiếp quản lý" if line.runs_itself else name
        css = "table-primary" if pk == selected else "table-light" if line.runs_itself else ""
        of_all = f'<span class="text-muted">/{line.all_schools}</span>' if filtered else ""
        returned = " text-danger fw-bold" if line.dossiers_returned else ""
        late = " text-danger fw-bold" if line.late else ""
        parts.append(
            f'<tr class="{css}" data-testid="ward-{pk}">'
            f'<td><a href="?{escape(query)}">{label}</a></td>'
            f'<td class="text-end" data-testid="ward-schools-{pk}">{line.schools}{of_all}</td>'
            f'<td class="text-end" data-testid="ward-plans-{pk}">{line.plan_issued}</td>'
            f'<td class="text-end">{line.registration_submitted}</td>'
            f'<td class="text-end">{line.initiatives_recognised}</td>'
            f'<td class="text-end">{line.dossiers_draft}</td>'
            f'<td class="text-end" data-testid="ward-submitted-{pk}">{line.dossiers_submitted}</td>'
            f'<td class="text-end{returned}">{line.dossiers_returned}</td>'
            f'<td class="text-end">{line.dossiers_accepted}</td>'
            f'<td class="text-end">{line.dossiers_forwarded}</td>'
            f'<td class="text-end">{_percent(line.teaching_award_percent)}</td>'
            f'<td class="text-end{late}" data-testid="ward-late-{pk}">{line.late}</td></tr>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - names escaped, the rest numbers or fixed labels of ours


def ward_options_html(lines: list[WardSummary], *, selected: int | None) -> SafeString:
    """The options of the filter by managing office."""
    parts = []
    for line in lines:
        name = escape(line.name)
        chosen = " selected" if line.authority_id == selected else ""
        label = f"{name} (trực tiếp quản lý)" if line.runs_itself else name
        parts.append(f'<option value="{line.authority_id}"{chosen}>{label}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - names escaped
