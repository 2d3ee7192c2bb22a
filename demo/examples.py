"""Demo good examples (gương điển hình tiên tiến) of Lê Quý Đôn for 2025-2026: a teacher, a department
and the school itself confirmed by the principal, with a photo and a written story in object storage;
one more proposed by the head of Tổ khối 2 and waiting for the principal. The confirmed ones are sent
up to the office on their own, so its compilation of the year shows them. Everything goes through the
services, as the people would; loading twice adds nothing."""

import io
from dataclasses import dataclass

from django_tenants.utils import schema_context

from plans.evidence.models import Evidence
from plans.evidence.services import store_generated_evidence
from plans.examples import services
from plans.examples.models import Example
from plans.examples.selectors import movements_of_year
from plans.staff.models import Department, Staff

DEMO_SCHOOL = "lequydon"
SCHOOL_YEAR = "2025-2026"


@dataclass(frozen=True)
class DemoExample:
    subject: str
    proposer: str  # username
    title: str
    story: str
    achievements: tuple[str, ...]
    movements: tuple[str, ...]  # names of the ward's movements of the year
    who: str = ""  # the account of the person, or the department's name
    confirm: bool = True
    photo: str = ""  # caption of a generated photo


EXAMPLES = (
    DemoExample(
        Example.Subject.PERSON,
        "lqd.phohieutruong",
        "Cô giáo chủ nhiệm tận tụy, lan tỏa văn hóa đọc trong học sinh lớp 2",
        "Năm học 2025-2026, cô Lê Minh Anh chủ nhiệm lớp 2A1 với 38 học sinh, trong đó có 4 em đọc còn "
        "chậm khi lên lớp 2. Cô xây dựng “góc đọc sách” ngay trong lớp từ sách phụ huynh góp, mỗi sáng "
        "dành 15 phút cho các em đọc to trước lớp và kèm riêng từng em vào giờ ra chơi.\n"
        "Cuối học kỳ I, cả 4 em đều đọc trôi chảy; lớp 2A1 dẫn đầu khối trong Ngày hội đọc sách của trường. "
        "Sáng kiến “Một số biện pháp giúp học sinh lớp 2 đọc đúng, đọc hay” của cô được Hội đồng sáng kiến "
        "nhà trường công nhận và đang được các lớp cùng khối áp dụng.",
        (
            "Lớp 2A1: 100% học sinh hoàn thành chương trình lớp học, 92% đọc đạt mức tốt",
            "Giáo viên dạy giỏi cấp trường năm học 2025-2026",
            "Sáng kiến kinh nghiệm được công nhận cấp cơ sở",
        ),
        ("Dạy tốt - Học tốt", "Xây dựng trường học hạnh phúc"),
        who="lqd.giaovien",
        photo="Cô Lê Minh Anh cùng học sinh lớp 2A1 tại góc đọc sách",
    ),
    DemoExample(
        Example.Subject.DEPARTMENT,
        "lqd.totruong",
        "Tổ khối 2 – tập thể đoàn kết, đi đầu chuyển đổi số trong dạy học",
        "Tổ khối 2 gồm 7 giáo viên, đã cùng nhau xây dựng kho 120 bài giảng điện tử và phiếu học tập số "
        "dùng chung cho cả khối, chia sẻ trên kho học liệu của phường. Mỗi tuần tổ sinh hoạt chuyên môn "
        "theo nghiên cứu bài học, dự giờ và góp ý lẫn nhau.\n"
        "Các thầy cô hướng dẫn phụ huynh dùng sổ liên lạc điện tử, 100% phụ huynh trong khối đã thanh toán "
        "các khoản thu không dùng tiền mặt.",
        (
            "100% giáo viên trong tổ hoàn thành tốt nhiệm vụ trở lên",
            "02 giáo viên đạt giáo viên dạy giỏi cấp trường",
            "120 bài giảng điện tử, phiếu học tập số chia sẻ trên kho học liệu",
        ),
        ("Thi đua đẩy mạnh chuyển đổi số trong trường học", "Dạy tốt - Học tốt"),
        who="Tổ khối 2",
    ),
    DemoExample(
        Example.Subject.SCHOOL,
        "lqd.hieutruong",
        "Trường Tiểu học Lê Quý Đôn – ngôi trường hạnh phúc của thầy và trò",
        "Nhà trường xây dựng bộ tiêu chí “trường học hạnh phúc” cùng giáo viên, học sinh và phụ huynh: "
        "mỗi lớp có hộp thư “Điều em muốn nói”, giờ chào cờ đầu tuần dành cho các tiết mục do học sinh "
        "tự dàn dựng, thư viện xanh mở cửa cả giờ ra chơi.\n"
        "Năm học qua nhà trường không có vụ việc bạo lực học đường nào; 98% phụ huynh hài lòng trong "
        "khảo sát cuối học kỳ I.",
        (
            "Tập thể lao động tiên tiến năm học 2024-2025",
            "Thư viện đạt chuẩn mức độ 1",
            "98% phụ huynh hài lòng với nhà trường (khảo sát học kỳ I)",
        ),
        ("Xây dựng trường học hạnh phúc",),
        photo="Giờ ra chơi ở thư viện xanh của Trường Tiểu học Lê Quý Đôn",
    ),
    DemoExample(
        Example.Subject.PERSON,
        "lqd.totruong",
        "Thầy giáo trẻ nhiệt tình với phong trào thể dục thể thao",
        "Thầy tổ chức câu lạc bộ cờ vua và bóng đá mini cho học sinh khối 2 vào chiều thứ Năm hằng tuần, "
        "đưa đội tuyển của trường tham gia giải cấp phường.",
        ("Đội cờ vua của trường đạt giải Ba cấp phường",),
        ("Dạy tốt - Học tốt",),
        who="Tổ khối 2",
        confirm=False,
    ),
)


def _photo(caption: str) -> bytes:
    """A picture standing for the school's photo: a coloured card with its caption."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 540), (46, 125, 50))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 920, 500), outline=(255, 255, 255), width=6)
    # Rows of books on a shelf, each caption drawing its own: the caption is the file's label.
    shade = sum(caption.encode()) % 80
    for row, top in enumerate((120, 260, 400)):
        for n in range(14):
            left = 80 + n * 58
            draw.rectangle(
                (left, top - 60 - (n * 7 + row * 11) % 30, left + 44, top),
                fill=(200, 120 + shade, 60 + n * 10),
            )
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _story_docx(school_name: str, spec: DemoExample, name: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(school_name.upper())
    document.add_heading("GƯƠNG ĐIỂN HÌNH TIÊN TIẾN", level=1)
    document.add_paragraph(f"{name}: {spec.title}")
    for line in spec.story.splitlines():
        document.add_paragraph(line)
    document.add_paragraph("Thành tích tiêu biểu:")
    for line in spec.achievements:
        document.add_paragraph(f"- {line}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _subject(spec: DemoExample, users) -> dict:
    if spec.subject == Example.Subject.SCHOOL:
        return {}
    if spec.subject == Example.Subject.DEPARTMENT:
        return {"department": Department.objects.get(name=spec.who)}
    if spec.who in users:
        return {"staff": Staff.objects.get(user=users[spec.who])}
    # A teacher of the department without an account, other than its head.
    return {
        "staff": Staff.objects.filter(department__name=spec.who, user__isnull=True).order_by("pk").first()
    }


def _user(users: dict, username: str):
    """The demo's accounts; the department head is given by demo.people, which keeps its own list."""
    from office.accounts.models import User

    return users.get(username) or User.objects.get(username=username)


def load_demo(schools: dict, users: dict) -> None:
    school = schools[DEMO_SCHOOL]
    principal = users["lqd.hieutruong"]
    with schema_context(school.schema_name):
        if Example.objects.exists():
            return
        movements = {m.name: m.pk for m in movements_of_year(school, SCHOOL_YEAR)}
        for spec in EXAMPLES:
            proposer = _user(users, spec.proposer)
            example = services.propose_example(
                school=school,
                user=proposer,
                school_year=SCHOOL_YEAR,
                subject=spec.subject,
                title=spec.title,
                story=spec.story,
                achievements=spec.achievements,
                movement_ids=[movements[name] for name in spec.movements if name in movements],
                **_subject(spec, users),
            )
            if spec.photo:
                photo = store_generated_evidence(
                    school=school,
                    kind=Evidence.Kind.EXAMPLE,
                    filename="Ảnh – " + spec.photo[:60] + ".jpg",
                    content=_photo(spec.photo),
                    user=proposer,
                )
                services.attach_evidence(
                    example, evidence_id=photo.pk, label=spec.photo, school=school, user=proposer
                )
            if spec.confirm:
                story = store_generated_evidence(
                    school=school,
                    kind=Evidence.Kind.EXAMPLE,
                    filename=f"Bài viết giới thiệu – {example.name}.docx",
                    content=_story_docx(
                        school.name,
                        spec,
                        example.name if example.staff_id or example.department_id else school.name,
                    ),
                    user=proposer,
                )
                services.attach_evidence(
                    example,
                    evidence_id=story.pk,
                    label="Bài viết giới thiệu gương điển hình",
                    school=school,
                    user=proposer,
                )
                services.confirm_example(example, school=school, user=principal)
        services.submit_examples(school=school, school_year=SCHOOL_YEAR, user=principal)
