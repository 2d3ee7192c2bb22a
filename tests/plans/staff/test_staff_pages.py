"""The staff register and award pages: filters, the batch action over the whole filter, a person's
record with its periods, account and awards, the Excel pages, roles, and query-count guards."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.rules.vocabulary import Title
from plans.staff import services
from plans.staff.models import AwardRecord, Department, Staff, StaffStatusPeriod
from tests.factories.staff import filled_template, person

D = datetime.date


@pytest.fixture
def principal(world, client_for):
    return client_for(world.principal_a, world.school_a)


@pytest.fixture
def teacher(world, client_for):
    return client_for(world.teacher_a, world.school_a)


def add(world, name, **fields) -> Staff:
    with schema_context(world.school_a.schema_name):
        fields.setdefault("gender", "nu")
        if "department" in fields and isinstance(fields["department"], str):
            fields["department"] = services.department_named(fields["department"])
        return services.create_staff(user=world.principal_a, full_name=name, **fields)


def in_a(world, func):
    with schema_context(world.school_a.schema_name):
        return func()


def page_text(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_list_filters_by_department_teaching_gender_status_and_name(world, principal):
    add(world, "Nguyễn Thị Đào", department="Tổ khối 2")
    add(world, "Trần Văn Bình", gender="nam", department="Tổ khối 2", teaches=False)
    add(world, "Lê Thị Cúc", status=Staff.Status.MATERNITY)
    khoi2 = in_a(world, lambda: Department.objects.get(name="Tổ khối 2"))

    def names(query):
        html = page_text(principal, f"/can-bo/?{query}")
        return [
            n for n in ("Nguyễn Thị Đào", "Trần Văn Bình", "Lê Thị Cúc", "Giáo Viên Trường A") if n in html
        ]

    assert names("") == ["Nguyễn Thị Đào", "Trần Văn Bình", "Lê Thị Cúc", "Giáo Viên Trường A"]
    assert names(f"department={khoi2.pk}") == ["Nguyễn Thị Đào", "Trần Văn Bình"]
    assert names("teaches=false") == ["Trần Văn Bình"]
    assert names("gender=nam") == ["Trần Văn Bình"]
    assert names("status=maternity") == ["Lê Thị Cúc"]
    assert names("q=dao") == ["Nguyễn Thị Đào"]  # without diacritics
    assert names("q=Bình") == ["Trần Văn Bình"]
    assert "Không có ai khớp bộ lọc." in page_text(principal, "/can-bo/?q=khongcoai")


def test_the_batch_action_moves_every_filtered_person_not_only_the_page(world, principal):
    for index in range(55):  # more than one page of 50
        add(world, f"Giáo Viên Khối Hai {index:02d}", department="Tổ khối 2")
    add(world, "Người Ở Lại", department="Tổ khối 2", teaches=False)
    target = in_a(world, lambda: Department.objects.create(name="Tổ khối 3"))
    khoi2 = in_a(world, lambda: Department.objects.get(name="Tổ khối 2"))
    html = page_text(principal, f"/can-bo/?department={khoi2.pk}&teaches=true")
    assert "Chuyển tất cả 55 người đang lọc (mọi trang)" in html and "Trang 1/2" in html
    response = principal.post(
        "/can-bo/chuyen-to/", {"department": khoi2.pk, "teaches": "true", "target_department": target.pk}
    )
    assert response.status_code == 302 and response.url == f"/can-bo/?department={khoi2.pk}&teaches=true"
    assert in_a(world, lambda: Staff.objects.filter(department=target).count()) == 55
    assert in_a(world, lambda: Staff.objects.get(full_name="Người Ở Lại").department_id) == khoi2.pk
    assert "Đã chuyển 55 người sang Tổ khối 3." in page_text(principal, "/can-bo/")


def test_a_teacher_reads_the_list_but_cannot_change_it(world, teacher):
    html = page_text(teacher, "/can-bo/")
    assert "Giáo Viên Trường A" in html and "Chuyển tổ" not in html and "Thêm cán bộ" not in html
    target = in_a(world, lambda: Department.objects.create(name="Tổ khối 3"))
    assert teacher.post("/can-bo/chuyen-to/", {"target_department": target.pk}).status_code == 403
    assert teacher.get("/can-bo/them/").status_code == 403
    assert teacher.get("/can-bo/nhap/").status_code == 403
    assert teacher.get("/can-bo/mau-nhap.xlsx").status_code == 403
    assert in_a(world, lambda: Staff.objects.filter(department=target).count()) == 0


def test_a_manager_adds_and_edits_a_person(world, principal):
    response = principal.post(
        "/can-bo/them/",
        {
            "full_name": "  Phạm  Thu Hà ",
            "gender": "nu",
            "date_of_birth": "09/01/1990",
            "position": "Giáo viên",
            "new_department": "Tổ Tiếng Anh",
            "teaches": "on",
            "joined_sector_on": "01/09/2012",
            "joined_school_on": "2016-08-15",
            "difficult_area_years": "0",
            "years_in_study_or_military": "0",
            "status": "working",
        },
    )
    ha = in_a(world, lambda: Staff.objects.select_related("department").get(full_name="Phạm Thu Hà"))
    assert response.status_code == 302 and response.url == f"/can-bo/{ha.pk}/"
    assert ha.department.name == "Tổ Tiếng Anh" and ha.date_of_birth == D(1990, 1, 9)
    refused = principal.post(
        f"/can-bo/{ha.pk}/sua/",
        {
            "full_name": "Phạm Thu Hà",
            "gender": "nu",
            "joined_sector_on": "01/09/2016",
            "joined_school_on": "01/09/2012",
            "difficult_area_years": "0",
            "years_in_study_or_military": "0",
            "status": "working",
        },
    )
    assert refused.status_code == 200
    assert "Ngày về trường không thể trước ngày vào ngành." in refused.content.decode()
    assert in_a(world, lambda: Staff.objects.get(pk=ha.pk).joined_sector_on) == D(2012, 9, 1)
    saved = principal.post(
        f"/can-bo/{ha.pk}/sua/",
        {
            "full_name": "Phạm Thu Hà",
            "gender": "nu",
            "difficult_area_years": "2,5",
            "years_in_study_or_military": "0",
            "status": "maternity",
        },
    )
    assert saved.status_code == 302
    ha = in_a(world, lambda: Staff.objects.get(pk=ha.pk))
    assert ha.status == Staff.Status.MATERNITY and str(ha.difficult_area_years) == "2.5"
    history = page_text(principal, f"/can-bo/{ha.pk}/")
    assert "Thêm vào danh sách: Phạm Thu Hà" in history and "Sửa thông tin: Phạm Thu Hà" in history


def test_status_periods_are_added_with_htmx_and_seen_only_by_managers_and_the_person(
    world, principal, client_for
):
    own = add(world, "Trần Văn Ánh", gender="nam", joined_sector_on=D(2005, 9, 1))
    in_a(
        world,
        lambda: services.link_account(own, world.teacher_a, school=world.school_a, user=world.principal_a),
    )
    other = add(world, "Đỗ Thị Lan")
    response = principal.post(
        f"/can-bo/{own.pk}/giai-doan/them/",
        {
            "kind": "discipline",
            "starts_on": "15/03/2023",
            "ends_on": "14/03/2024",
            "discipline_level": "khien_trach",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="periods"' in html and "Khiển trách" in html
    refused = principal.post(
        f"/can-bo/{own.pk}/giai-doan/them/",
        {"kind": "discipline", "starts_on": "01/01/2025"},
        HTTP_HX_REQUEST="true",
    )
    assert "Hãy chọn hình thức kỷ luật." in refused.content.decode()
    assert in_a(world, lambda: StaffStatusPeriod.objects.filter(staff=own).count()) == 1
    teacher = client_for(world.teacher_a, world.school_a)
    assert "Khiển trách" in page_text(teacher, f"/can-bo/{own.pk}/")  # their own record
    assert 'data-testid="service-years"' in page_text(teacher, f"/can-bo/{own.pk}/")
    in_a(
        world,
        lambda: services.add_status_period(
            other,
            user=world.principal_a,
            kind="investigation",
            starts_on=D(2026, 1, 1),
            note="Bí mật điều tra",
        ),
    )
    assert "Bí mật điều tra" not in page_text(teacher, f"/can-bo/{other.pk}/")
    assert "Bí mật điều tra" in page_text(principal, f"/can-bo/{other.pk}/")
    period = in_a(world, lambda: StaffStatusPeriod.objects.get(staff=other))
    assert teacher.post(f"/can-bo/{other.pk}/giai-doan/{period.pk}/xoa/").status_code == 403
    assert principal.post(f"/can-bo/{other.pk}/giai-doan/{period.pk}/xoa/").status_code == 302
    assert (
        principal.get(f"/can-bo/{own.pk}/giai-doan/{period.pk}/sua/").status_code == 404
    )  # not own's period


def test_accounts_are_linked_only_to_members_of_the_school(world, principal):
    lan = add(world, "Đỗ Thị Lan")
    ok = principal.post(f"/can-bo/{lan.pk}/tai-khoan/", {"account": world.teacher_a.pk})
    assert (
        ok.status_code == 302
        and in_a(world, lambda: Staff.objects.get(pk=lan.pk).user_id) == world.teacher_a.pk
    )
    principal.post(f"/can-bo/{lan.pk}/tai-khoan/", {"account": world.principal_b.pk})  # school B's principal
    assert in_a(world, lambda: Staff.objects.get(pk=lan.pk).user_id) == world.teacher_a.pk
    principal.post(f"/can-bo/{lan.pk}/tai-khoan/", {"account": ""})
    assert in_a(world, lambda: Staff.objects.get(pk=lan.pk).user_id) is None


def test_awards_are_entered_on_a_person_and_for_the_school(world, principal, teacher):
    anh = add(world, "Lê Minh Anh")
    response = principal.post(
        f"/can-bo/{anh.pk}/khen-thuong/them/",
        {
            "school_year": "2023-2024",
            "title": "cstdcs",
            "decision_number": "1235/QĐ-UBND",
            "decision_date": "15/07/2024",
            "issuer_name": "UBND quận Hà Đông",
            "initiative_ids": "4, 9",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Chiến sĩ thi đua cơ sở" in response.content.decode()
    award = in_a(world, lambda: AwardRecord.objects.get(staff=anh))
    assert award.year == 2024 and award.initiative_ids == [4, 9]
    duplicate = principal.post(
        f"/can-bo/{anh.pk}/khen-thuong/them/",
        {"school_year": "2023-2024", "title": "cstdcs", "issuer_name": "UBND quận Hà Đông"},
        HTTP_HX_REQUEST="true",
    )
    assert (
        "Lê Minh Anh đã có danh hiệu “Chiến sĩ thi đua cơ sở” năm học 2023-2024."
        in duplicate.content.decode()
    )
    principal.post(
        "/can-bo/khen-thuong/tap-the/them/",
        {"school_year": "2023-2024", "title": "ttldxs", "issuer_name": "UBND thành phố Hà Nội"},
    )
    html = page_text(teacher, "/can-bo/khen-thuong/?nam=2024")
    assert "Tập thể lao động xuất sắc" in html and "Lê Minh Anh" in html and "Nhập từ Excel" not in html
    assert "Chiến sĩ thi đua cơ sở" in page_text(teacher, f"/can-bo/{anh.pk}/")
    assert teacher.post(f"/can-bo/khen-thuong/{award.pk}/xoa/").status_code == 403
    edited = principal.post(
        f"/can-bo/khen-thuong/{award.pk}/sua/",
        {"school_year": "2024-2025", "title": "cstdcs", "issuer_name": "UBND phường Hà Đông"},
    )
    assert edited.status_code == 302
    award = in_a(world, lambda: AwardRecord.objects.get(pk=award.pk))
    assert (award.school_year, award.issuer_name) == ("2024-2025", "UBND phường Hà Đông")
    principal.post(f"/can-bo/khen-thuong/{award.pk}/xoa/")
    assert not in_a(world, lambda: AwardRecord.objects.filter(pk=award.pk).exists())


def test_the_import_page_lists_every_bad_cell_then_imports_a_good_file(world, principal, upload_now):
    template = principal.get("/can-bo/mau-nhap.xlsx")
    assert template.status_code == 200
    assert template["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert openpyxl.load_workbook(io.BytesIO(template.content)).sheetnames[0] == "Danh sách cán bộ"
    bad = filled_template(template.content, [person(born="31/02/1990"), person("Lê Văn Tốt", gender="Khác")])
    response = upload_now(principal, "/can-bo/nhap/", "can-bo.xlsx", bad)
    assert response.status_code == 302  # to the import job's page
    html = page_text(principal, response.url)
    assert "Dòng 5, cột “Ngày sinh”: không đọc được ngày “31/02/1990”" in html
    assert "Dòng 6, cột “Giới tính”: “Khác” không có trong danh sách (Nam, Nữ)" in html
    assert in_a(world, lambda: Staff.objects.count()) == 2
    good = filled_template(template.content, [person(), person("Lê Văn Tốt", "Nam", "01/02/1980")])
    done = upload_now(principal, "/can-bo/nhap/", "can-bo.xlsx", good)
    assert "Đã nhập 2 dòng: thêm mới 2, cập nhật 0, không đổi 0." in page_text(principal, done.url)
    assert in_a(world, lambda: Staff.objects.count()) == 4
    # A file that is not .xlsx is refused by the upload form itself, before any job starts.
    not_excel = upload_now(principal, "/can-bo/nhap/", "can-bo.pdf", b"%PDF-1.4")
    assert not_excel.status_code == 200
    assert "chỉ nhận tệp Excel .xlsx" in not_excel.content.decode()


def test_the_award_import_page_round_trip(world, principal, upload_now):
    add(world, "Lê Minh Anh")
    template = principal.get("/can-bo/khen-thuong/mau-nhap.xlsx").content
    data = filled_template(
        template, [[None, "Lê Minh Anh", None, "2024-2025", "LĐTT", "", None, "UBND phường Hà Đông"]]
    )
    done = upload_now(principal, "/can-bo/khen-thuong/nhap/", "kt.xlsx", data)
    assert done.status_code == 302
    assert "Đã nhập 1 dòng: thêm mới 1" in page_text(principal, done.url)
    assert in_a(world, lambda: AwardRecord.objects.get().title) == Title.LDTT


def queries_of(client, path) -> int:
    client.get(path)  # warm caches (sessions, roles) out of the count
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_staff_list_costs_the_same_queries_for_one_and_many_rows(world, principal):
    one = queries_of(principal, "/can-bo/")
    for index in range(30):
        add(world, f"Người Thêm {index}", department=f"Tổ {index % 4}")
    assert queries_of(principal, "/can-bo/") == one
    # A filter matching one person costs what one matching thirty does.
    assert queries_of(principal, "/can-bo/?q=nguoi+them+7&teaches=true") == queries_of(
        principal, "/can-bo/?q=nguoi&teaches=true"
    )


def test_the_award_page_and_a_record_cost_the_same_queries_for_one_and_many_awards(world, principal):
    anh = add(world, "Lê Minh Anh")

    def award(year, staff=anh, title=Title.LDTT):
        with schema_context(world.school_a.schema_name):
            services.add_award(
                user=world.principal_a, staff=staff, year=year, title=title, issuer_name="UBND"
            )

    def maternity(year):
        with schema_context(world.school_a.schema_name):
            services.add_status_period(
                anh, user=world.principal_a, kind="maternity", starts_on=D(year, 1, 1), ends_on=D(year, 2, 1)
            )

    award(2021)
    award(2021, None, Title.TTLDTT)
    page_one, record_one = (
        queries_of(principal, "/can-bo/khen-thuong/?nam=2021"),
        queries_of(principal, f"/can-bo/{anh.pk}/"),
    )
    for index in range(12):
        person = add(world, f"Người {index}", department=f"Tổ {index % 3}")
        award(2021, person)
        maternity(2000 + index)
    for year in range(2022, 2026):
        award(year)
        award(year, None, Title.TTLDTT)
    assert queries_of(principal, "/can-bo/khen-thuong/?nam=2021") == page_one
    assert queries_of(principal, f"/can-bo/{anh.pk}/") == record_one


def test_a_new_member_account_can_be_linked_from_the_page(world, principal):
    newcomer = ensure_user(username="giaovien.moi", full_name="Giáo Viên Mới", password=None)
    grant_school_role(newcomer, world.school_a, Role.STAFF)
    lan = add(world, "Đỗ Thị Lan")
    assert "Giáo Viên Mới (giaovien.moi)" in page_text(principal, f"/can-bo/{lan.pk}/")
    principal.post(f"/can-bo/{lan.pk}/tai-khoan/", {"account": newcomer.pk})
    assert in_a(world, lambda: Staff.objects.get(pk=lan.pk).user_id) == newcomer.pk


def test_the_edit_forms_open_in_place(world, principal):
    anh = add(world, "Lê Minh Anh")
    with schema_context(world.school_a.schema_name):
        period = services.add_status_period(
            anh, user=world.principal_a, kind="maternity", starts_on=D(2024, 1, 2)
        )
        award = services.add_award(
            user=world.principal_a, staff=anh, year=2024, title=Title.LDTT, issuer_name="UBND"
        )
    assert 'name="full_name"' in page_text(principal, "/can-bo/them/")
    period_form = page_text(principal, f"/can-bo/{anh.pk}/giai-doan/{period.pk}/sua/")
    assert 'value="02/01/2024"' in period_form and f'id="period-{period.pk}"' in period_form
    award_form = page_text(principal, f"/can-bo/khen-thuong/{award.pk}/sua/")
    # A person's form offers a person's titles only.
    assert 'value="2023-2024"' in award_form and "Tập thể lao động" not in award_form
    saved = principal.post(
        f"/can-bo/{anh.pk}/giai-doan/{period.pk}/sua/",
        {"kind": "maternity", "starts_on": "02/01/2024", "ends_on": "01/07/2024"},
        HTTP_HX_REQUEST="true",
    )
    assert "01/07/2024" in saved.content.decode()


def test_marking_a_person_as_gone_on_the_form_needs_the_leaving_date(world, principal):
    """ "Đã nghỉ việc, chuyển công tác" with the date left empty is refused at that field and changes
    nothing; with the date it is saved."""
    person = in_a(world, lambda: Staff.objects.create(full_name="Trương Văn Đi", gender="nam"))
    fields = {
        "full_name": "Trương Văn Đi",
        "gender": "nam",
        "difficult_area_years": "0",
        "years_in_study_or_military": "0",
        "status": "left",
    }
    refused = principal.post(f"/can-bo/{person.pk}/sua/", fields)
    assert refused.status_code == 200
    assert "Hãy ghi ngày nghỉ việc, chuyển đi" in refused.content.decode()
    person = in_a(world, lambda: Staff.objects.get(pk=person.pk))
    assert (person.status, person.left_school_on) == (Staff.Status.WORKING, None)
    saved = principal.post(f"/can-bo/{person.pk}/sua/", {**fields, "left_school_on": "15/01/2025"})
    assert saved.status_code == 302
    person = in_a(world, lambda: Staff.objects.get(pk=person.pk))
    assert (person.status, person.left_school_on) == (Staff.Status.LEFT, D(2025, 1, 15))
