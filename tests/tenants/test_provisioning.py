import re
import subprocess

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command, load_command_class
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from plans.staff.models import Staff
from tenants.models import Domain, School
from tenants.provisioning import SchoolProvisioningError, create_school, template_schema


def schema_only_dump(schema: str, database: str | None = None) -> str:
    db = settings.DATABASES["default"]
    out = subprocess.run(
        [
            "pg_dump",
            "--schema-only",
            "--no-owner",
            "--no-privileges",
            f"--schema={schema}",
            f"--host={db['HOST']}",
            f"--port={db['PORT']}",
            f"--username={db['USER']}",
            database or db["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Drop pg_dump's per-run random \restrict key and name the schema generically.
    out = "\n".join(line for line in out.splitlines() if not line.startswith("\\"))
    return re.sub(rf"\b{re.escape(schema)}\b", "SCHEMA", out)


@pytest.mark.django_db(transaction=False)
def test_a_new_school_is_an_exact_copy_of_the_template(world):
    school = create_school(code="vanyen", name="Trường THCS Văn Yên", level="thcs", authority=world.office)
    # Commit-free comparison: pg_dump runs in another session, so compare committed schemas instead.
    assert schema_exists("vanyen")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name, data_type, is_nullable
            FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 2
            """,
            [template_schema()],
        )
        template_columns = cursor.fetchall()
        cursor.execute(
            """
            SELECT table_name, column_name, data_type, is_nullable
            FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 2
            """,
            ["vanyen"],
        )
        assert cursor.fetchall() == template_columns
        cursor.execute(
            "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = %s ORDER BY 1",
            [template_schema()],
        )
        template_constraints = cursor.fetchall()
        cursor.execute(
            "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = %s ORDER BY 1",
            ["vanyen"],
        )
        assert cursor.fetchall() == template_constraints
    with schema_context("vanyen"):
        assert Staff.objects.count() == 0
        member = Staff.objects.create(full_name="Nguyễn Văn Mới", gender="nam")
        assert member.pk == 1  # identity sequences start afresh, not where the template's were
    assert Domain.objects.get(tenant=school).domain == f"vanyen.{settings.BASE_DOMAIN}"


def test_the_committed_school_schema_dumps_identically_to_the_template(world):
    # truonga was created by cloning in the session set-up and is committed, so pg_dump sees it.
    assert schema_only_dump(world.school_a.schema_name) == schema_only_dump(template_schema())


def test_migration_history_is_copied_so_migrate_has_nothing_to_do(world):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{template_schema()}".django_migrations ORDER BY 1, 2')
        template_rows = cursor.fetchall()
        cursor.execute('SELECT app, name FROM "truonga".django_migrations ORDER BY 1, 2')
        assert cursor.fetchall() == template_rows
    assert any(app == "plans" for app, _ in template_rows)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("Lê Quý Đôn", "không hợp lệ"),
        ("a", "không hợp lệ"),
        ("1abc", "không hợp lệ"),
        ("le-quy-don", "không hợp lệ"),
        ("public", "dành riêng"),
        ("pgadmin", "dành riêng"),
        ("truonga", "đã được dùng"),
    ],
)
def test_bad_or_duplicate_codes_are_refused_and_leave_nothing_behind(world, code, message):
    schools_before = School.objects.count()
    with pytest.raises(SchoolProvisioningError, match=message):
        create_school(code=code, name="Trường Thử", level="thcs", authority=world.office)
    assert School.objects.count() == schools_before


def test_a_failure_half_way_rolls_back_the_row_and_the_schema(world, monkeypatch):
    import tenants.provisioning as provisioning

    def broken_clone(schema_name):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema_name}"')
        raise RuntimeError("disk full")

    monkeypatch.setattr(provisioning, "clone_school_schema", broken_clone)
    with pytest.raises(RuntimeError):
        create_school(code="hongbang", name="Trường Hồng Bàng", level="thcs", authority=world.office)
    assert not School.objects.filter(code="hongbang").exists()
    assert not schema_exists("hongbang")


def test_create_school_command_prints_the_url(world, capsys):
    call_command(
        "create_school",
        "--code",
        "dongmai",
        "--name",
        "Trường THCS Đồng Mai",
        "--level",
        "thcs",
        "--authority",
        "t-office",
    )
    out = capsys.readouterr().out
    assert "Trường THCS Đồng Mai" in out
    assert f"http://dongmai.{settings.BASE_DOMAIN}:" in out
    assert schema_exists("dongmai")


def test_create_school_command_refuses_a_duplicate_with_a_clear_message(world):
    with pytest.raises(CommandError, match="đã được dùng"):
        call_command(
            "create_school",
            "--code",
            "truonga",
            "--name",
            "Trùng",
            "--level",
            "thcs",
            "--authority",
            "t-office",
        )
    with pytest.raises(CommandError, match="Không có cơ quan quản lý"):
        call_command("create_school", "--code", "moi", "--name", "Mới", "--level", "thcs", "--authority", "x")


def test_a_high_school_a_gdtx_centre_and_a_lien_cap_school_are_created_with_their_levels(world):
    thpt = create_school(
        code="quangtrungt", name="Trường THPT Quang Trung", level="thpt", authority=world.office
    )
    gdtx = create_school(
        code="gdtxhadong",
        name="Trung tâm GDNN-GDTX Hà Đông",
        level=School.Level.CONTINUING_EDUCATION,
        authority=world.office,
    )
    lien_cap = create_school(
        code="olympia",
        name="Trường Phổ thông liên cấp Olympia",
        level="lien_cap",
        authority=world.office,
        spans=["thpt", "tieu_hoc", "thcs"],
    )
    assert (thpt.level, thpt.get_level_display(), thpt.abbreviation) == (
        "thpt",
        "Trung học phổ thông",
        "THPTQT",
    )
    assert (gdtx.get_level_display(), gdtx.abbreviation) == ("Trung tâm GDNN-GDTX", "TTGDNN-GDTXHĐ")
    # A liên cấp school keeps its levels in school order; the others span nothing.
    assert lien_cap.spans == ["tieu_hoc", "thcs", "thpt"] and thpt.spans == []
    assert lien_cap.get_level_display() == "Liên cấp" and lien_cap.abbreviation == "LCO"
    assert School.MANAGED_BY_SO == ("thpt", "gdtx")


@pytest.mark.parametrize(
    ("level", "spans", "message"),
    [
        ("lien_cap", [], "ít nhất hai cấp học"),
        ("lien_cap", ["thpt"], "ít nhất hai cấp học"),
        ("lien_cap", ["thpt", "gdtx"], "ít nhất hai cấp học"),
        ("thpt", ["thcs", "thpt"], "Chỉ trường liên cấp"),
        ("dai_hoc", [], "không hợp lệ"),
    ],
)
def test_levels_and_spans_are_checked(world, level, spans, message):
    with pytest.raises(SchoolProvisioningError, match=message):
        create_school(code="saicap", name="Trường Thử", level=level, authority=world.office, spans=spans)
    assert not School.objects.filter(code="saicap").exists()


def test_create_school_command_takes_a_lien_cap_school_and_lists_levels_in_vietnamese(world, capsys):
    call_command(
        "create_school",
        "--code",
        "vietuc",
        "--name",
        "Trường Liên cấp Việt Úc",
        "--level",
        "lien_cap",
        "--spans",
        "tieu_hoc, thcs",
        "--authority",
        "t-office",
    )
    assert School.objects.get(code="vietuc").spans == ["tieu_hoc", "thcs"]
    parser = load_command_class("tenants", "create_school").create_parser("manage.py", "create_school")
    assert "thpt: Trung học phổ thông" in parser.format_help().replace("\n", " ").replace("  ", " ")
