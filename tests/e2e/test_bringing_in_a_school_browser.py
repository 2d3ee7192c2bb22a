"""A school comes in without a developer, end to end in headless Chromium: the office creates the
school in its pages and invites the principal; the principal opens the link from the mail, sets a
password, imports staff from the Excel template, invites all teachers in one action and prints their
QR cards, imports last year's plan from Word and issues it; one teacher, on a 390 px phone, types the
code of their card, sets a password and registers a title.

Clicks are counted from the principal's first sign-in (the accept page) to the issued plan: at most
40. The server is a gunicorn of this test's own whose mail backend writes files, so the test reads
the mail as the principal would."""

import datetime
import email
import io
import re
import subprocess
import sys

import docx
import openpyxl
import pytest
from django.db import connection
from django.db.models import Q
from django_tenants.utils import schema_context

from office.accounts.models import User
from office.core.school_years import current_school_year
from office.invitations.models import Invitation
from office.submissions.models import Submission
from plans.emulation.models import Registration
from plans.planning.models import Plan
from plans.staff.models import Staff
from tenants.models import School
from tests.conftest import REPO_DIR, free_port, process_env, wait_for_port
from tests.e2e.test_login_pages import sign_in
from tests.factories.plans import LE_QUY_DON

pytestmark = pytest.mark.e2e

SCHOOL_NAME = "Trường Tiểu học Hoa Mai"
CODE = "hoamai"
PRINCIPAL_MAIL = "hieutruong@hoamai.edu.vn"
NEW_PASSWORD = "Hoa-mai-no-2026"
MAX_CLICKS = 40
TEACHERS = ("Nguyễn Thị Lan", "Trần Văn Bình", "Lê Thị Cúc")


@pytest.fixture
def mail_server(django_db_setup, tmp_path):
    """gunicorn over the test database whose mail goes to files in tmp_path/mail; yields (port, dir)."""
    port = free_port()
    mail_dir = tmp_path / "mail"
    (REPO_DIR / "var").mkdir(exist_ok=True)
    log = open(REPO_DIR / "var" / f"test-web-mail-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "office.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=REPO_DIR,
        env=process_env(
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            DJANGO_EMAIL_FILE_PATH=mail_dir,
            CELERY_TASK_ALWAYS_EAGER="true",
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port)
        yield port, mail_dir
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _remove_school() -> None:
    """The school this test made and its schema. Accounts are never deleted (office.accounts): those
    made by accepting its invitations are switched off and lose the e-mail, so a rerun in the same
    database finds no account to reuse."""
    connection.set_schema_to_public()
    school = School.objects.filter(code=CODE).first()
    accepted = Invitation.objects.filter(school__code=CODE).values_list("accepted_by", flat=True)
    User.objects.filter(Q(pk__in=[pk for pk in accepted if pk]) | Q(email=PRINCIPAL_MAIL)).update(
        is_active=False, email=""
    )
    if school is not None:
        Submission.objects.filter(school=school).delete()
        school.delete()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{CODE}" CASCADE')


@pytest.fixture
def clean_school(world):
    _remove_school()
    yield
    _remove_school()


def _mail_bodies(mail_dir) -> list[str]:
    bodies = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                message = email.message_from_bytes(chunk.strip())
                bodies.append(message.get_payload(decode=True).decode())
    return bodies


def _fill_template(template: bytes) -> bytes:
    """What the principal types into the downloaded template, below its example row."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    header_row = next(
        row[0].row
        for row in sheet.iter_rows(min_row=1, max_row=10)
        if any("Họ và tên" in str(c.value or "") for c in row)
    )
    headers = {str(cell.value or "").replace(" (*)", ""): cell.column for cell in sheet[header_row]}
    first = next(
        r for r in range(header_row + 1, header_row + 20) if not sheet.cell(r, headers["Họ và tên"]).value
    )
    rows = [
        ("Phạm Thị Hiệu", "Nữ", "12/03/1975", "Hiệu trưởng", "Tổ Văn phòng", "Không"),
        (TEACHERS[0], "Nữ", "05/06/1988", "Giáo viên", "Tổ khối 1", "Có"),
        (TEACHERS[1], "Nam", "20/11/1990", "Giáo viên", "Tổ khối 2", "Có"),
        (TEACHERS[2], "Nữ", "01/02/1992", "Giáo viên", "Tổ khối 2", "Có"),
        ("Đỗ Văn Kế", "Nam", "09/09/1985", "Kế toán", "Tổ Văn phòng", "Không"),
    ]
    for offset, (name, gender, born, position, department, teaches) in enumerate(rows):
        row = first + offset
        sheet.cell(row, headers["Họ và tên"], name)
        sheet.cell(row, headers["Giới tính"], gender)
        sheet.cell(row, headers["Ngày sinh"], born)
        sheet.cell(row, headers["Chức vụ"], position)
        sheet.cell(row, headers["Tổ chuyên môn"], department)
        sheet.cell(row, headers["Trực tiếp giảng dạy"], teaches)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _seed_as_word(tmp_path):
    """Last year's plan as the school keeps it: a Word file, one paragraph per line of the seed."""
    document = docx.Document()
    for line in LE_QUY_DON.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "ke-hoach-thi-dua-nam-truoc.docx"
    document.save(path)
    return path


class Clicks:
    """Every click, choice of a file or list item, and confirmation the person makes, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0
        page.on("dialog", self._confirm)

    def _confirm(self, dialog):
        self.count += 1
        dialog.accept()

    def click(self, locator):
        self.count += 1
        locator.click()

    def choose(self, locator, value):
        self.count += 1
        locator.select_option(value)

    def upload(self, selector, path):
        self.count += 1
        self.page.set_input_files(selector, str(path))


def test_an_office_brings_in_a_school_and_its_people(world, clean_school, mail_server, browser, tmp_path):
    port, mail_dir = mail_server
    office_url = f"http://localhost:{port}"
    school_url = f"http://{CODE}.localhost:{port}"

    # The office creates the school in its pages and invites the principal.
    office = browser.new_context(locale="vi-VN").new_page()
    sign_in(office, office_url, "chuyenvien")
    office.goto(office_url + "/co-quan/")
    office.get_by_test_id("school-new").click()
    form = office.get_by_test_id("school-new-form")
    form.get_by_label("Tên trường").fill(SCHOOL_NAME)
    form.get_by_label("Cấp học").select_option("tieu_hoc")
    form.get_by_label("Địa chỉ").fill("Số 5 phố Hoa Mai, phường Hà Đông")
    form.get_by_label("Cơ quan quản lý").select_option(str(world.office.pk))
    form.get_by_test_id("create-school").click()
    assert f"Đã tạo {SCHOOL_NAME}, địa chỉ {CODE}.localhost" in office.locator(".alert-success").inner_text()
    invite = office.get_by_test_id("invite-form")
    invite.get_by_label("Họ và tên").fill("Phạm Thị Hiệu")
    invite.get_by_label("Thư điện tử").fill(PRINCIPAL_MAIL)
    invite.get_by_test_id("send-invitation").click()
    assert (
        f"Đã gửi thư mời tới Phạm Thị Hiệu ({PRINCIPAL_MAIL})"
        in office.locator(".alert-success").inner_text()
    )
    office.goto(office_url + "/tong-quan/")
    assert SCHOOL_NAME in office.content()

    # The principal opens the link from the mail and sets a password: the first sign-in.
    (body,) = _mail_bodies(mail_dir)
    link = re.search(rf"{re.escape(school_url)}/nhan-loi-moi/[\w-]+/", body).group(0)
    principal = browser.new_context(locale="vi-VN").new_page()
    clicks = Clicks(principal)
    principal.goto(link)
    assert "Hiệu trưởng" in principal.get_by_test_id("invited-role").inner_text()
    principal.get_by_label("Mật khẩu", exact=True).fill("ngan")
    principal.get_by_label("Nhập lại mật khẩu").fill("ngan")
    clicks.click(principal.get_by_role("button", name="Đặt mật khẩu và tham gia"))
    assert "Mật khẩu quá ngắn" in principal.get_by_test_id("accept-error").inner_text()
    principal.get_by_label("Mật khẩu", exact=True).fill(NEW_PASSWORD)
    principal.get_by_label("Nhập lại mật khẩu").fill(NEW_PASSWORD)
    clicks.click(principal.get_by_role("button", name="Đặt mật khẩu và tham gia"))
    assert "Bắt đầu với trường mới" in principal.get_by_test_id("getting-started").inner_text()

    # Staff from the Excel template.
    clicks.click(principal.get_by_test_id("go-staff"))
    with principal.expect_download() as download:
        clicks.click(principal.get_by_test_id("download-template"))
    filled = tmp_path / "danh-sach-can-bo.xlsx"
    filled.write_bytes(_fill_template(download.value.path().read_bytes()))
    clicks.upload("input[name=file]", filled)
    clicks.click(principal.get_by_role("button", name="Kiểm tra và nhập"))
    # The workbook is read by its import job; its page shows the result, then back to the register.
    assert "Đã nhập 5 dòng" in principal.locator(".alert-success").inner_text()
    clicks.click(principal.get_by_test_id("import-next"))

    # All teachers invited in one action, their QR cards printed.
    clicks.choose(principal.locator("select[name=teaches]"), "true")
    clicks.click(principal.get_by_test_id("staff-filter").get_by_role("button", name="Lọc"))
    clicks.click(principal.get_by_test_id("invite-filtered").get_by_role("button"))
    assert "Đã tạo 3 lời mời" in principal.locator(".alert-success").inner_text()
    clicks.click(principal.get_by_test_id("print-sheet"))
    cards = {
        card.get_by_test_id("card-name").inner_text(): card.get_by_test_id("card-code").inner_text()
        for card in principal.get_by_test_id("invite-card").all()
    }
    assert set(cards) == set(TEACHERS)
    assert principal.locator("[data-testid=invite-card] svg").count() == 3

    # Last year's plan from Word, issued.
    clicks.click(principal.get_by_role("link", name="Trang chủ"))
    steps = principal.get_by_test_id("getting-started")
    assert steps.get_by_test_id("step-staff").get_attribute("data-done") == "true"
    assert steps.get_by_test_id("step-invitations").get_attribute("data-done") == "true"
    clicks.click(principal.get_by_test_id("go-plan"))
    clicks.click(principal.get_by_test_id("import-plan"))
    clicks.upload("input[name=file]", _seed_as_word(tmp_path))
    clicks.click(principal.get_by_role("button", name="Đọc tệp"))
    clicks.click(principal.get_by_role("button", name="Lưu thành dự thảo kế hoạch"))
    # Another school's plan of another year: each difference with this school is confirmed, one click each.
    clicks.click(principal.get_by_test_id("issue-plan"))
    checks = principal.get_by_test_id("plan-differences")
    for box in checks.locator("input[name=xac_nhan]").all():
        clicks.click(box)
    clicks.click(checks.get_by_test_id("issue-plan-confirmed"))  # and its confirmation
    principal.wait_for_selector("text=Đã ban hành kế hoạch")
    assert principal.get_by_test_id("plan-status").inner_text() == "Đã ban hành"
    print(f"\nclicks from the principal's first sign-in to an issued plan: {clicks.count}")
    assert clicks.count <= MAX_CLICKS

    # The registration opens; the list on the home page is gone once every step is done.
    principal.goto(school_url + "/")
    principal.get_by_test_id("go-registration").click()
    campaign = principal.get_by_test_id("campaign-form")
    today = datetime.date.today()
    campaign.locator("input[name=school_year]").fill(current_school_year())
    campaign.locator("input[name=opens_on]").fill(today.strftime("%d/%m/%Y"))
    campaign.locator("input[name=deadline]").fill((today + datetime.timedelta(days=20)).strftime("%d/%m/%Y"))
    campaign.get_by_role("button", name="Mở đăng ký").click()
    principal.goto(school_url + "/")
    assert principal.get_by_test_id("getting-started").count() == 0

    # One teacher, on a 390 px phone, types the code of their card and registers a title.
    phone = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(school_url + "/nhan-loi-moi/")
    phone.get_by_label("Mã lời mời").fill(cards[TEACHERS[1]].lower())
    phone.get_by_role("button", name="Tiếp tục").click()
    assert phone.get_by_test_id("invited-name").inner_text() == TEACHERS[1]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    username = phone.locator("input[name=username]").input_value()
    phone.get_by_label("Mật khẩu", exact=True).fill(NEW_PASSWORD)
    phone.get_by_label("Nhập lại mật khẩu").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Đặt mật khẩu và tham gia").click()
    assert f"Chào mừng {TEACHERS[1]}" in phone.locator(".alert-success").inner_text()
    phone.get_by_role("button", name="Mở menu").click()
    phone.get_by_role("link", name="Thi đua", exact=True).click()
    form = phone.get_by_test_id("my-registration-form")
    form.locator("select[name=title]").select_option("cstdcs")
    form.get_by_role("button", name="Lưu đăng ký").click()
    assert "Chiến sĩ thi đua cơ sở" in phone.get_by_test_id("my-registration").inner_text()

    # What the database says: one school, its principal, three invited teachers, one accepted and tied
    # to their record, the issued plan and the registration.
    connection.set_schema_to_public()
    school = School.objects.get(code=CODE)
    assert school.authority == world.office
    invitations = Invitation.objects.filter(school=school)
    assert invitations.count() == 4 and invitations.filter(accepted_at__isnull=False).count() == 2
    teacher = User.objects.get(username=username)
    with schema_context(CODE):
        assert Staff.objects.get(user_id=teacher.pk).full_name == TEACHERS[1]
        assert Plan.objects.get().status == Plan.Status.ISSUED
        assert Registration.objects.get(staff__user_id=teacher.pk).title == "cstdcs"
    # The same code does not open a second account.
    again = browser.new_context(locale="vi-VN").new_page()
    again.goto(f"{school_url}/nhan-loi-moi/?ma={cards[TEACHERS[1]]}")
    assert "đã được dùng" in again.get_by_test_id("invitation-unusable-message").inner_text()
