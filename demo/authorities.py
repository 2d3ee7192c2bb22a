"""The demo's authorities after the 2025 reform (DOMAIN.md §4): the district of Hà Đông and its
education office ended on 30/06/2025; from 01/07/2025 its schools answer to three wards, whose
Phòng Văn hóa – Xã hội follows education. Each school moved through the same service an office head
uses, so its history reads like a real one. Loading twice changes nothing."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from office.authorities.models import Authority
from office.authorities.services import move_school, set_evaluation_period
from office.movements.models import Movement
from office.movements.services import launch_movement, store_generated_document, update_movement

LAST_DISTRICT_DAY = date(2025, 6, 30)
REFORM_DAY = date(2025, 7, 1)
# Ward key → (name of the ward); codes are fixed, other parts of the platform refer to them.
WARDS = {"hadong": "Hà Đông", "yennghia": "Yên Nghĩa", "kienhung": "Kiến Hưng"}
SCHOOL_WARDS = {
    "lequydon": "hadong",
    "leloi": "hadong",
    "hoasen": "hadong",
    "yenhoa": "yennghia",
    "kienhung": "kienhung",
}


def ward_offices() -> dict[str, Authority]:
    """UBND phường X (under the city) and its Phòng Văn hóa – Xã hội, for the three wards."""
    city = Authority.objects.get(code="ubnd-hanoi")
    offices = {}
    for key, name in WARDS.items():
        ward, _ = Authority.objects.get_or_create(
            code=f"ubnd-phuong-{key}",
            defaults={
                "name": f"UBND phường {name}",
                "short_name": "UBND phường",
                "kind": Authority.Kind.WARD_PEOPLES_COMMITTEE,
                "parent": city,
                "valid_from": REFORM_DAY,
            },
        )
        offices[key], _ = Authority.objects.get_or_create(
            code=f"vhxh-phuong-{key}",
            defaults={
                "name": f"Phòng Văn hóa – Xã hội phường {name}",
                "short_name": "Phòng VH-XH",
                "kind": Authority.Kind.WARD_OFFICE,
                "parent": ward,
                "valid_from": REFORM_DAY,
            },
        )
    return offices


@dataclass(frozen=True)
class DemoMovement:
    name: str
    kind: str
    school_year: str
    starts_on: date | None
    ends_on: date | None
    criteria: str
    description: str = ""


DISTRICT_MOVEMENTS = (
    DemoMovement(
        "Dạy tốt - Học tốt",
        Movement.Kind.REGULAR,
        "2024-2025",
        date(2024, 9, 5),
        date(2025, 5, 31),
        "1. 100% giáo viên xây dựng kế hoạch bài dạy theo định hướng phát triển phẩm chất, năng lực học sinh.\n"
        "2. Mỗi giáo viên có ít nhất 02 tiết dạy tốt mỗi học kỳ được tổ chuyên môn đánh giá đạt yêu cầu trở lên.\n"
        "3. Tỷ lệ học sinh hoàn thành chương trình lớp học đạt từ 98% trở lên.\n"
        "4. Mỗi trường có giáo viên dự thi giáo viên dạy giỏi cấp quận.",
        "Phát động trong toàn ngành giáo dục quận Hà Đông từ lễ khai giảng năm học 2024-2025.",
    ),
    DemoMovement(
        "Đổi mới sáng tạo trong dạy và học",
        Movement.Kind.REGULAR,
        "2024-2025",
        date(2024, 9, 5),
        date(2025, 5, 31),
        "1. Mỗi tổ chuyên môn có ít nhất 01 sáng kiến được Hội đồng sáng kiến nhà trường công nhận.\n"
        "2. 100% giáo viên ứng dụng công nghệ thông tin trong bài giảng.\n"
        "3. Mỗi trường có ít nhất 05 học liệu số chia sẻ lên kho học liệu của ngành.",
    ),
    DemoMovement(
        "Mỗi thầy, cô giáo là một tấm gương đạo đức, tự học và sáng tạo",
        Movement.Kind.CAMPAIGN,
        "",
        None,
        None,
        "1. Không có cán bộ, giáo viên vi phạm đạo đức nhà giáo.\n"
        "2. 100% giáo viên có kế hoạch tự học, tự bồi dưỡng được Hiệu trưởng phê duyệt.",
    ),
    DemoMovement(
        "Xây dựng nhà trường văn hóa, nhà giáo mẫu mực, học sinh thanh lịch",
        Movement.Kind.CAMPAIGN,
        "",
        None,
        None,
        "1. Nhà trường ban hành và thực hiện Bộ quy tắc ứng xử.\n2. Khuôn viên xanh, sạch, đẹp, an toàn.",
    ),
    DemoMovement(
        "Dân chủ - Kỷ cương - Tình thương - Trách nhiệm",
        Movement.Kind.CAMPAIGN,
        "",
        None,
        None,
        "1. Thực hiện đầy đủ quy chế dân chủ ở cơ sở.\n2. Không có đơn thư khiếu nại vượt cấp.",
    ),
    DemoMovement(
        "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời",
        Movement.Kind.THEMATIC,
        "2024-2025",
        date(2024, 10, 1),
        date(2025, 5, 31),
        "1. Thư viện nhà trường mở cửa cho học sinh và phụ huynh ít nhất 5 buổi mỗi tuần.\n"
        "2. Tổ chức Ngày hội đọc sách ít nhất 01 lần trong năm học.",
    ),
    DemoMovement(
        "Đợt thi đua chào mừng 50 năm Ngày Giải phóng miền Nam, thống nhất đất nước",
        Movement.Kind.DRIVE,
        "2024-2025",
        date(2025, 3, 1),
        date(2025, 4, 30),
        "1. Mỗi lớp có ít nhất 01 hoạt động giáo dục truyền thống.\n"
        "2. Mỗi trường tổ chức 01 chuyên đề hoặc hội thi chào mừng cấp trường.",
    ),
)


def ward_movements(ward_name: str) -> tuple[DemoMovement, ...]:
    return (
        DemoMovement(
            "Dạy tốt - Học tốt",
            Movement.Kind.REGULAR,
            "2025-2026",
            date(2025, 9, 5),
            date(2026, 5, 31),
            "1. 100% giáo viên dạy học theo Chương trình giáo dục phổ thông 2018 và Chương trình giáo dục "
            "mầm non.\n2. Mỗi giáo viên có ít nhất 02 tiết dạy tốt mỗi học kỳ.\n"
            f"3. Mỗi trường có giáo viên dự thi giáo viên dạy giỏi cấp phường {ward_name}.",
            f"Phát động trong các trường mầm non, tiểu học, THCS trên địa bàn phường {ward_name}, "
            "năm học đầu tiên sau khi sắp xếp đơn vị hành chính.",
        ),
        DemoMovement(
            "Thi đua đẩy mạnh chuyển đổi số trong trường học",
            Movement.Kind.THEMATIC,
            "2025-2026",
            date(2025, 9, 15),
            date(2026, 5, 31),
            "1. 100% hồ sơ học sinh, sổ điểm điện tử được số hóa và ký số.\n"
            "2. 100% cán bộ, giáo viên sử dụng thành thạo phần mềm quản lý trường học.\n"
            "3. Thanh toán không dùng tiền mặt đạt 100% các khoản thu.",
        ),
        DemoMovement(
            "Xây dựng trường học hạnh phúc",
            Movement.Kind.CAMPAIGN,
            "",
            date(2025, 9, 5),
            None,
            "1. Mỗi trường xây dựng và thực hiện bộ tiêu chí trường học hạnh phúc.\n"
            "2. Không có bạo lực học đường; học sinh được lắng nghe, tôn trọng.\n"
            "3. Cán bộ, giáo viên được chia sẻ, hỗ trợ trong công việc.",
            "Cuộc vận động thường xuyên, hằng năm, của các trường trên địa bàn phường.",
        ),
        DemoMovement(
            "Đợt thi đua chào mừng Ngày Nhà giáo Việt Nam 20/11/2025",
            Movement.Kind.DRIVE,
            "2025-2026",
            date(2025, 10, 1),
            date(2025, 11, 20),
            "1. Mỗi giáo viên đăng ký ít nhất 02 tiết dạy tốt trong đợt thi đua.\n"
            "2. Mỗi trường tổ chức hội giảng và báo cáo kết quả về Phòng Văn hóa – Xã hội trước ngày 25/11/2025.",
        ),
    )


def _launched_on(movement: DemoMovement) -> datetime:
    day = movement.starts_on or date(2024, 9, 5)
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def _ensure_movements(authority: Authority, specs, launching_plan: str | None) -> None:
    for spec in specs:
        movement = (
            Movement.objects.filter(authority=authority, name=spec.name, school_year=spec.school_year).first()
            # A demo loaded before movements had years and criteria: complete that row, not a second one.
            or Movement.objects.filter(
                authority=authority, name=spec.name, school_year="", criteria=""
            ).first()
        )
        fields = {
            "name": spec.name,
            "kind": spec.kind,
            "school_year": spec.school_year,
            "starts_on": spec.starts_on,
            "ends_on": spec.ends_on,
            "criteria": spec.criteria,
            "description": spec.description,
        }
        if movement is None:
            movement = launch_movement(
                authority=authority, user=None, launched_at=_launched_on(spec), by_system=True, **fields
            )
        elif not movement.criteria:
            movement = update_movement(movement, user=None, by_system=True, **fields)
        if launching_plan and spec is specs[0] and not movement.documents.exists():
            store_generated_document(
                movement, filename=launching_plan, content=_launching_plan_docx(authority, spec), user=None
            )


def _launching_plan_docx(authority: Authority, spec: DemoMovement) -> bytes:
    from reporting.official_document import Heading, OfficialDocument, Paragraph, render_docx

    parent = authority.parent.name.upper() if authority.parent else None
    doc = OfficialDocument(
        parent_body=parent,
        issuing_body=authority.name.upper(),
        number=f"15/KH-{authority.short_name.replace(' ', '')}",
        place="Hà Đông",
        date=spec.starts_on,
        doc_type="KẾ HOẠCH",
        title=f"Phát động phong trào thi đua “{spec.name}”\nnăm học {spec.school_year}",
        body=[
            Heading("MỤC ĐÍCH, YÊU CẦU", 1, "I."),
            Paragraph(spec.description or f"Phát động phong trào “{spec.name}” trong các trường trực thuộc."),
            Heading("TIÊU CHÍ THI ĐUA", 1, "II."),
            *[Paragraph(line) for line in spec.criteria.splitlines()],
        ],
        recipients=["Các trường trực thuộc;", "Lưu: VT."],
    )
    return render_docx(doc)


def load_authority_demo(office: Authority, schools: dict, addresses: dict[str, str]) -> list[Authority]:
    """The wards, the schools moved to them on 01/07/2025, and the movements of both eras. Returns the
    authorities whose staff the demo office accounts are (the old office and the three ward offices)."""
    offices = ward_offices()
    _ensure_movements(office, DISTRICT_MOVEMENTS, "Kế hoạch phát động phong trào Dạy tốt - Học tốt.docx")
    for key, ward_office in offices.items():
        _ensure_movements(
            ward_office, ward_movements(WARDS[key]), f"Kế hoạch phát động phong trào phường {WARDS[key]}.docx"
        )
    for code, school in schools.items():
        target = offices[SCHOOL_WARDS[code]]
        if school.authority_id != target.pk:
            move_school(school, to=target, on=REFORM_DAY, user=None, by_system=True)
        if school.address != addresses[code]:
            school.address = addresses[code]
            school.save(update_fields=["address"])
    return [office, *offices.values()]


# The day each office's evaluation of a school year ended: reviews were to be over by the end of May, so a
# nomination checked without a review round speaks for that day (plans.nominations.selectors).
EVALUATION_ENDS = {"2024-2025": date(2025, 5, 31), "2025-2026": date(2026, 5, 31)}


def load_evaluation_periods(office_team: list[Authority], head) -> None:
    """The former district office set 2024-2025's (its last year); each ward office sets the years since."""
    district, *wards = office_team
    for authority, school_year in [(district, "2024-2025"), *((ward, "2025-2026") for ward in wards)]:
        if not authority.evaluation_periods.filter(school_year=school_year).exists():  # loaded twice
            set_evaluation_period(
                authority, school_year=school_year, ends_on=EVALUATION_ENDS[school_year], user=head
            )
