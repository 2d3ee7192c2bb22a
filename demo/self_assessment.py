"""The school side of the demo clusters: each school's year-end report as the evidence its self scores
attach (a real file in its schema and in storage), the office side's clusters and rounds
(demo.clusters), and Lê Lợi's self-scoring draft of the 2025-2026 mid-year round, not yet
submitted. Loading twice changes nothing."""

from html import escape

from django_tenants.utils import schema_context

from demo.clusters import MID_YEAR, PRINCIPALS
from demo.clusters import load_demo as load_cluster_demo
from office.clusters.selectors import rubric_criteria
from plans.evidence.models import Evidence
from plans.evidence.services import store_generated_evidence
from plans.self_assessment.models import SelfAssessment
from plans.self_assessment.services import save_draft

REPORT_NAME = "Báo cáo tổng kết năm học {year} – {school}.pdf"
DRAFT_SCHOOL = "leloi"


def _report(school, year: str) -> bytes:
    from weasyprint import HTML

    html = (
        "<html><head><meta charset='utf-8'><style>@page{size:A4;margin:2cm 2cm 2cm 3cm}"
        "body{font-family:'Liberation Serif','DejaVu Serif',serif;font-size:13pt}"
        "h1{text-align:center;font-size:15pt}</style></head><body>"
        f"<p>{escape(school.name.upper())}</p><h1>BÁO CÁO TỔNG KẾT NĂM HỌC {escape(year)}</h1>"
        "<p>Nhà trường báo cáo kết quả thực hiện nhiệm vụ năm học, các phong trào thi đua và "
        "minh chứng kèm theo cho bảng tự chấm điểm thi đua cụm.</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def _evidence_maker(schools: dict, users: dict):
    made: dict = {}

    def evidence_for(code: str, criterion) -> list[dict]:
        year = criterion.group.rubric.school_year
        if (code, year) not in made:
            school = schools[code]
            name = REPORT_NAME.format(year=year, school=school.name)
            with schema_context(school.schema_name):
                evidence = Evidence.objects.filter(filename=name, status=Evidence.Status.VERIFIED).first()
                if evidence is None:
                    evidence = store_generated_evidence(
                        school=school,
                        kind=Evidence.Kind.OTHER,
                        filename=name,
                        content=_report(school, year),
                        user=users[PRINCIPALS[code]],
                    )
            made[(code, year)] = {
                "key": evidence.key,
                "filename": evidence.filename,
                "sha256": evidence.sha256,
                "size": evidence.size,
                "content_type": evidence.content_type,
            }
        return [made[(code, year)]]

    return evidence_for


def load_demo(schools: dict, users: dict) -> None:
    mid_year = load_cluster_demo(schools, users, _evidence_maker(schools, users))
    scoring_round = next(
        r
        for r in mid_year.values()
        if r.name == MID_YEAR and r.cluster.seats.filter(school=schools[DRAFT_SCHOOL]).exists()
    )
    school = schools[DRAFT_SCHOOL]
    with schema_context(school.schema_name):
        if SelfAssessment.objects.filter(round_id=scoring_round.pk).exists():
            return
        criteria = [c for c in rubric_criteria(scoring_round.rubric) if c.group.code == "I"]
        entries = {
            c.pk: {"points": str(c.max_points - 1), "note": "Đã thực hiện theo kế hoạch học kỳ I."}
            for c in criteria[:3]
        }
        save_draft(
            school=school, scoring_round=scoring_round, entries=entries, user=users[PRINCIPALS[DRAFT_SCHOOL]]
        )
