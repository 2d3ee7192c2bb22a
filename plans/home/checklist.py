""" "Bắt đầu" on a new school's home page: the first steps, each ticked from the school's own data
(never by a click on the list itself), and the list gone once every step is done."""

from dataclasses import dataclass

from django.urls import reverse

from office.core.school_years import current_school_year
from office.invitations.selectors import school_has_invited_staff
from plans.emulation.models import RegistrationCampaign
from plans.planning.models import Plan
from plans.staff.models import Staff


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    hint: str
    url: str
    done: bool


def getting_started(school) -> list[Step] | None:
    """The steps, or None when all are done. Four small queries whatever the size of the school."""
    school_year = current_school_year()
    steps = [
        Step(
            "staff",
            "Nhập danh sách cán bộ từ Excel",
            "Tải mẫu Excel, điền và nhập một lần cho cả trường.",
            reverse("staff-import"),
            Staff.objects.exists(),
        ),
        Step(
            "invitations",
            "Mời cán bộ, giáo viên tham gia",
            "Một lần cho tất cả người đang lọc; in phiếu mã QR cho người không đọc thư.",
            reverse("staff-page"),
            school_has_invited_staff(school),
        ),
        Step(
            "plan",
            "Nhập kế hoạch năm trước từ tệp Word (hoặc bắt đầu từ kế hoạch năm trước)",
            "Kế hoạch thi đua, khen thưởng của trường theo đúng thể thức.",
            reverse("plan-list"),
            Plan.objects.exists(),
        ),
        Step(
            "registration",
            f"Mở đăng ký thi đua năm học {school_year}",
            "Cán bộ, giáo viên tự đăng ký danh hiệu trên điện thoại.",
            reverse("emulation-campaigns"),
            RegistrationCampaign.objects.filter(school_year=school_year).exists(),
        ),
    ]
    return None if all(step.done for step in steps) else steps
