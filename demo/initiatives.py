"""Demo initiatives (sáng kiến kinh nghiệm) that look lived in: last year's scored, decided and
recognised, this year's at every step (registered, submitted, being scored, waiting for a third
reviewer), with real documents in object storage so that downloads work. Loading twice adds nothing."""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

from django.db import transaction
from django_tenants.utils import schema_context

from office.core.school_years import current_school_year, parse_school_year
from office.rules.vocabulary import Scope
from plans.evidence.models import Evidence
from plans.evidence.services import store_generated_evidence
from plans.initiatives import services
from plans.initiatives.models import Initiative
from plans.staff.models import Staff


@dataclass(frozen=True)
class DemoInitiative:
    school_year: str
    title: str
    field: str
    department: str  # the author is a teacher of this department, unless `author` names an account
    stage: str  # registered, submitted, scoring, gap, decided
    author: str = ""  # username of an author with an account
    document: str = "docx"  # or "pdf"
    scores: tuple[tuple[int, ...], ...] = ()  # per reviewer, points per criterion of the default rubric
    decision: tuple[str, date] | None = None


LQD_REVIEWERS = ("lqd.phohieutruong", "lqd.thuky")
LQD_INITIATIVES = (
    DemoInitiative(
        "2024-2025",
        "Sử dụng sơ đồ tư duy giúp học sinh lớp 1 ghi nhớ vần",
        "Tiếng Việt lớp 1",
        "Tổ khối 1",
        "decided",
        author="lqd.giaovien",
        document="pdf",
        scores=((26, 17, 18, 17, 9), (25, 18, 17, 18, 9)),
        decision=("38/QĐ-THLQĐ", date(2025, 4, 18)),
    ),
    DemoInitiative(
        "2024-2025",
        "Một số kinh nghiệm xây dựng tập thể lớp 5 tự quản",
        "Công tác chủ nhiệm",
        "Tổ khối 5",
        "decided",
        scores=((22, 15, 16, 15, 8), (21, 16, 15, 14, 8)),
        decision=("38/QĐ-THLQĐ", date(2025, 4, 18)),
    ),
    DemoInitiative(
        "2025-2026",
        "Một số biện pháp giúp học sinh lớp 2 đọc đúng, đọc hay",
        "Tiếng Việt lớp 2",
        "Tổ khối 2",
        "decided",
        document="pdf",
        scores=((27, 18, 18, 18, 9), (26, 17, 19, 18, 9)),
        decision=("45/QĐ-THLQĐ", date(2026, 4, 20)),
    ),
    DemoInitiative(
        "2025-2026",
        "Một số biện pháp rèn chữ viết đẹp cho học sinh lớp 1",
        "Tiếng Việt lớp 1",
        "Tổ khối 1",
        "decided",
        author="lqd.giaovien",
        scores=((24, 16, 17, 16, 9), (23, 17, 16, 17, 8)),
        decision=("45/QĐ-THLQĐ", date(2026, 4, 20)),
    ),
    DemoInitiative(
        "2025-2026",
        "Ứng dụng trò chơi học tập trong dạy Toán lớp 4",
        "Toán lớp 4",
        "Tổ khối 4",
        "gap",
        scores=((27, 18, 18, 17, 9), (18, 12, 13, 12, 7)),
    ),
    DemoInitiative(
        "2025-2026",
        "Rèn kỹ năng giải toán có lời văn cho học sinh lớp 3",
        "Toán lớp 3",
        "Tổ khối 3",
        "scoring",
        scores=((22, 15, 16, 15, 8),),
    ),
    DemoInitiative(
        "2025-2026",
        "Giáo dục kỹ năng sống cho học sinh lớp 5 qua hoạt động trải nghiệm",
        "Hoạt động trải nghiệm lớp 5",
        "Tổ khối 5",
        "submitted",
    ),
    DemoInitiative(
        "2025-2026",
        "Xây dựng thư viện thân thiện khuyến khích học sinh đọc sách",
        "Thư viện",
        "Tổ Văn phòng",
        "registered",
    ),
)
YH_INITIATIVES = (
    DemoInitiative(
        "2025-2026",
        "Một số biện pháp giúp trẻ 5–6 tuổi làm quen với chữ cái qua trò chơi",
        "Làm quen chữ cái, mẫu giáo lớn",
        "Tổ Mẫu giáo lớn",
        "submitted",
        author="yh.giaovien",
        document="pdf",
    ),
    DemoInitiative(
        "2025-2026",
        "Xây dựng góc thiên nhiên giúp trẻ mẫu giáo nhỡ khám phá môi trường xung quanh",
        "Khám phá môi trường xung quanh",
        "Tổ Mẫu giáo nhỡ",
        "registered",
    ),
)


def _this_year_topics() -> tuple[DemoInitiative, ...]:
    """Topics registered this school year, so that the list opens on something."""
    year = current_school_year()
    if year in ("2024-2025", "2025-2026"):
        return ()
    return (
        DemoInitiative(
            year,
            "Ứng dụng bảng tương tác trong dạy Tự nhiên và Xã hội lớp 3",
            "Tự nhiên và Xã hội lớp 3",
            "Tổ khối 3",
            "registered",
        ),
        DemoInitiative(
            year,
            "Một số biện pháp nâng cao chất lượng dạy hát cho học sinh lớp 2",
            "Âm nhạc lớp 2",
            "Tổ khối 2",
            "registered",
        ),
    )


BODY = (
    "I. ĐẶT VẤN ĐỀ",
    "Xuất phát từ thực tế giảng dạy tại lớp, tôi nhận thấy học sinh còn gặp nhiều khó khăn; việc tìm ra "
    "những biện pháp phù hợp giúp các em tiến bộ là yêu cầu cấp thiết của người giáo viên.",
    "II. GIẢI QUYẾT VẤN ĐỀ",
    "1. Thực trạng: khảo sát đầu năm học cho thấy tỉ lệ học sinh đạt yêu cầu còn thấp.",
    "2. Các biện pháp đã thực hiện: tổ chức hoạt động theo nhóm, sử dụng đồ dùng trực quan, phối hợp "
    "với cha mẹ học sinh và động viên, khen thưởng kịp thời.",
    "3. Hiệu quả: sau một học kỳ áp dụng, tỉ lệ học sinh đạt yêu cầu tăng rõ rệt, các em hứng thú hơn.",
    "III. KẾT LUẬN VÀ KIẾN NGHỊ",
    "Các biện pháp trên dễ áp dụng, có thể nhân rộng trong các lớp cùng khối của nhà trường.",
)


def _docx(school_name: str, spec: DemoInitiative, author: Staff) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(school_name.upper())
    document.add_heading("SÁNG KIẾN KINH NGHIỆM", level=1)
    document.add_paragraph(f"Đề tài: {spec.title}")
    document.add_paragraph(f"Tác giả: {author.full_name} – {author.position or 'Giáo viên'}")
    document.add_paragraph(f"Lĩnh vực: {spec.field} · Năm học {spec.school_year}")
    for line in BODY:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(school_name: str, spec: DemoInitiative, author: Staff) -> bytes:
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in BODY)
    html = (
        "<html><head><meta charset='utf-8'><style>@page{size:A4;margin:2cm 2cm 2cm 3cm}"
        "body{font-family:'Liberation Serif','DejaVu Serif',serif;font-size:13pt}"
        "h1{text-align:center;font-size:15pt}</style></head><body>"
        f"<p>{escape(school_name.upper())}</p><h1>SÁNG KIẾN KINH NGHIỆM</h1>"
        f"<p><b>Đề tài:</b> {escape(spec.title)}</p>"
        f"<p><b>Tác giả:</b> {escape(author.full_name)}</p>"
        f"<p><b>Lĩnh vực:</b> {escape(spec.field)} · Năm học {spec.school_year}</p>{paragraphs}</body></html>"
    )
    return HTML(string=html).write_pdf()


def _authors(specs, users) -> dict[DemoInitiative, Staff]:
    """Each spec's author: the account's staff record, or a different teacher of the department."""
    taken: set[int] = set()
    authors = {}
    for spec in specs:
        if spec.author:
            authors[spec] = Staff.objects.get(user=users[spec.author])
            continue
        candidates = Staff.objects.filter(department__name=spec.department, user__isnull=True).order_by("pk")
        author = candidates.exclude(pk__in=taken).first() or candidates.first()
        taken.add(author.pk)
        authors[spec] = author
    return authors


def _play(school, spec: DemoInitiative, author: Staff, *, manager, reviewers, chair) -> None:
    """Take one initiative through the services, as far as its stage."""
    actor = author.user or manager
    initiative = services.register_initiative(
        school_year=spec.school_year, author=author, title=spec.title, field=spec.field, user=actor
    )
    if spec.stage == "registered":
        return
    render = _pdf if spec.document == "pdf" else _docx
    evidence = store_generated_evidence(
        school=school,
        kind=Evidence.Kind.INITIATIVE,
        filename=f"Sáng kiến kinh nghiệm – {author.full_name}.{spec.document}",
        content=render(school.name, spec, author),
        user=actor,
    )
    services.attach_document(initiative, evidence, user=actor)
    services.submit_initiative(initiative, user=actor)
    if spec.stage == "submitted":
        return
    criteria = list(services.ensure_rubric(spec.school_year, user=manager).criteria.all())
    for reviewer, points in zip(reviewers, spec.scores, strict=False):
        review = services.assign_reviewer(initiative, reviewer, school=school, user=manager)
        services.save_review(
            review,
            points={c.pk: Decimal(p) for c, p in zip(criteria, points, strict=True)},
            comment="Đề tài thiết thực, trình bày rõ ràng."
            if sum(points) >= 70
            else "Cần bổ sung số liệu minh chứng.",
            submit=True,
            user=reviewer,
        )
    if spec.stage == "scoring" and len(spec.scores) < len(reviewers):
        services.assign_reviewer(initiative, reviewers[len(spec.scores)], school=school, user=manager)
    if spec.decision:
        number, when = spec.decision
        services.decide_initiative(
            initiative,
            recognized=True,
            scope=Scope.SCHOOL,
            decision_number=number,
            decision_date=when,
            user=chair,
        )


def _councils(school, years, *, chair, members, manager) -> None:
    for year in years:
        start, _ = parse_school_year(year)
        services.save_council(
            school=school,
            school_year=year,
            chair=chair,
            members=members,
            gap_threshold=Decimal(10),
            decision_basis=f"Quyết định số 15/QĐ-THLQĐ ngày 20/9/{start} của Hiệu trưởng về việc thành lập "
            f"Hội đồng sáng kiến năm học {year}.",
            user=manager,
        )


def load_demo(schools: dict, users: dict) -> None:
    lequydon, yenhoa = schools["lequydon"], schools["yenhoa"]
    with schema_context(lequydon.schema_name), transaction.atomic():
        if not Initiative.objects.exists():
            chair, secretary = users["lqd.hieutruong"], users["lqd.thuky"]
            reviewers = [users[name] for name in LQD_REVIEWERS]
            specs = LQD_INITIATIVES + _this_year_topics()
            _councils(
                lequydon,
                sorted({spec.school_year for spec in specs}),
                chair=chair,
                members=reviewers,
                manager=secretary,
            )
            authors = _authors(specs, users)
            for spec in specs:
                _play(lequydon, spec, authors[spec], manager=secretary, reviewers=reviewers, chair=chair)
    with schema_context(yenhoa.schema_name), transaction.atomic():
        if not Initiative.objects.exists():
            principal = users["yh.hieutruong"]
            authors = _authors(YH_INITIATIVES, users)
            for spec in YH_INITIATIVES:
                _play(yenhoa, spec, authors[spec], manager=principal, reviewers=[], chair=principal)
