"""One school backed up and restored on its own: as a copy with a new code and host, or in place; the
refusals that write nothing; the nightly archives in object storage with their retention count.

Storage is real: moto's S3 server over HTTP, or the local-disk store; the database is the real one."""

import datetime
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, schema_exists

from office.accounts.models import Membership
from office.authorities.models import SchoolAuthorityPeriod
from office.celery import app
from office.core.object_storage import get_object_storage
from office.decisions.models import Decision, DecisionLine
from office.facts.models import SchoolFacts
from office.rules.vocabulary import Title
from office.submissions.models import Submission
from office.submissions.services import submit
from plans.evidence.models import Evidence
from plans.evidence.services import complete_upload, start_upload
from plans.nominations.models import Dossier
from plans.planning.models import Plan
from plans.planning.services import create_plan
from plans.staff.models import Staff
from plans.staff.services import add_staff_member
from tenants.backup import CHECKSUMS, MANIFEST, open_archive, store_school_backup
from tenants.models import Domain, School
from tenants.school_rows import public_school_tables, qualified, quote, schema_tables, table_columns
from tenants.tasks import back_up_all_schools
from tests.factories.nominations import school_year_data, submitted_dossier  # noqa: F401

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n" + "Minh chứng sáng kiến".encode() * 100 + b"\n%%EOF\n"


def table_dump(schema: str, table: str) -> bytes:
    cols = ", ".join(quote(c) for c in table_columns(schema, table))
    with connection.cursor() as cursor:
        # Ordered, so that equal contents give equal bytes whatever the physical order of the rows.
        cursor.execute(f"SELECT {cols} FROM {qualified(schema, table)} ORDER BY 1")
        return repr(cursor.fetchall()).encode()


def digests(schema: str, *, rewrite: tuple[str, str] | None = None) -> dict[str, tuple[int, str]]:
    """(rows, SHA-256) of every table of `schema`; `rewrite` replaces the evidence key prefix first."""
    found = {}
    for table in schema_tables(schema):
        data = table_dump(schema, table)
        if rewrite:
            data = data.replace(rewrite[0].encode(), rewrite[1].encode())
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {qualified(schema, table)}")
            found[table] = (cursor.fetchone()[0], hashlib.sha256(data).hexdigest())
    return found


def upload_evidence(world, storage) -> Evidence:
    """A real upload: the row, the object put where the presigned POST would put it, then the check."""
    with schema_context(world.school_a.schema_name):
        evidence, _post = start_upload(
            school=world.school_a,
            kind="initiative",
            filename="Sáng kiến lớp 2.pdf",
            content_type="application/pdf",
            size=len(PDF),
            user=world.teacher_a,
        )
        storage.put(evidence.key, PDF, "application/pdf")
        return complete_upload(evidence, user=world.teacher_a)


@pytest.fixture
def school_with_data(world, school_year_data):  # noqa: F811
    """Lê Quý Đôn in miniature: staff, a plan, a verified evidence file and a dossier sent to the office."""
    storage = get_object_storage()
    evidence = upload_evidence(world, storage)
    with schema_context(world.school_a.schema_name):
        add_staff_member(full_name="Phạm Thị Hoa", gender="nu", department_name="Tổ khối 2")
        create_plan(
            issuing_body="Trường Tiểu học A",
            title="Kế hoạch thi đua năm 2026",
            year=2026,
            user=world.principal_a,
        )
        dossier, submission, _ = submitted_dossier(world, school_year_data)
    return {"evidence": evidence, "dossier": dossier, "submission": submission}


def public_rows_of(school: School) -> dict:
    return {
        "memberships": sorted(Membership.objects.filter(school=school).values_list("user_id", "role")),
        "submissions": sorted(
            Submission.objects.filter(school=school).values_list("kind", "reference", "version", "status")
        ),
        "facts": sorted(SchoolFacts.objects.filter(school=school).values_list("school_year", "staff_total")),
        "periods": sorted(
            SchoolAuthorityPeriod.objects.filter(school=school).values_list("authority_id", "valid_from")
        ),
    }


def test_the_school_rows_in_the_public_schema_are_found_from_the_foreign_keys():
    owned, references = public_school_tables()
    assert owned[0].table == "tenants_school"
    assert {t.table for t in owned} == {
        "tenants_school",
        "tenants_domain",
        "authorities_schoolauthorityperiod",
        "accounts_membership",
        "submissions_submission",
        "facts_schoolfacts",
        "invitations_invitation",  # a school's invitations travel with its backup
        "submissions_ratingconfirmation",  # the office's answer to the school's own rating, with it
    }
    # Rows of other owners that only point at the school or its submissions stay where they are.
    assert {(r.table, r.column) for r in references} == {
        ("clusters_cluster", "leader_id"),
        ("clusters_cluster", "deputy_id"),
        ("clusters_clusterseat", "school_id"),
        ("clusters_clusterscore", "scorer_school_id"),
        ("clusters_clusterresult", "submission_id"),
        ("decisions_decisionline", "school_id"),
        ("decisions_decisionline", "submission_id"),
        ("decisions_decisiondelivery", "school_id"),
    }


def test_a_backup_restored_under_a_new_code_is_the_same_school_on_its_own_host(
    world, s3_storage, school_with_data, tmp_path
):
    source = world.school_a
    archive = tmp_path / "truonga.tar.gz"
    call_command("backup_school", "truonga", "-o", str(archive), stdout=io.StringIO())
    with open_archive(archive) as opened:
        manifest = opened.manifest
    assert manifest["school"]["code"] == "truonga"
    assert manifest["migrations"]["tenant"]["plans"]["latest"]
    assert manifest["migrations"]["shared"]["tenants"]["latest"]
    assert [o["key"] for o in manifest["objects"]] == [school_with_data["evidence"].key]
    sequences = {s["name"] for s in manifest["sequences"]}
    assert "plans_staff_id_seq" in sequences and "django_migrations_id_seq" not in sequences

    out = io.StringIO()
    call_command("restore_school", str(archive), "--as", "truongcopy", stdout=out)
    copy = School.objects.get(code="truongcopy")
    assert "truongcopy." in out.getvalue()
    assert copy.pk != source.pk and copy.name == source.name and copy.schema_name == "truongcopy"
    assert Domain.objects.get(tenant=copy).domain == copy.host

    # Every table of the schema: the same rows, byte for byte once the key prefix is rewritten, but
    # for the dossier, whose submission is now the copy's own.
    before = digests(source.schema_name, rewrite=("schools/truonga/", "schools/truongcopy/"))
    after = digests(copy.schema_name)
    assert before.keys() == after.keys()
    assert {t: before[t][0] for t in before} == {t: after[t][0] for t in after}
    changed = {t for t in before if before[t] != after[t]}
    assert changed == {"nominations_dossier"}
    assert sum(rows for rows, _ in after.values()) > 20

    assert public_rows_of(copy) == public_rows_of(source)
    copied_submission = Submission.objects.for_school(copy).get()
    assert copied_submission.pk != school_with_data["submission"].pk
    # The snapshot names the evidence by key: the copy's names the copy's objects.
    original_payload = json.dumps(school_with_data["submission"].payload, ensure_ascii=False)
    assert copied_submission.payload == json.loads(
        original_payload.replace("schools/truonga/", "schools/truongcopy/")
    )
    with schema_context(copy.schema_name):
        assert Dossier.objects.get().submission_id == copied_submission.pk
        evidence = Evidence.objects.get(pk=school_with_data["evidence"].pk)
        assert evidence.key == school_with_data["evidence"].key.replace(
            "schools/truonga/", "schools/truongcopy/"
        )
    assert b"".join(s3_storage.iter_chunks(evidence.key)) == PDF
    assert b"".join(s3_storage.iter_chunks(school_with_data["evidence"].key)) == PDF  # the source's stays

    # The copy answers on its own host, to the same people, with the same staff.
    client = Client(HTTP_HOST=copy.host)
    client.force_login(world.principal_a)
    page = client.get("/can-bo/")
    assert page.status_code == 200
    assert "Phạm Thị Hoa" in page.content.decode()
    with schema_context(source.schema_name):
        staff, plans = Staff.objects.count(), Plan.objects.count()
    with schema_context(copy.schema_name):
        assert (Staff.objects.count(), Plan.objects.count()) == (staff, plans) and plans == 1
        # The sequences go on from where the school's were: a new row takes a new id.
        new_staff = add_staff_member(full_name="Người Mới", gender="nam")
        assert new_staff.pk > max(Staff.objects.exclude(pk=new_staff.pk).values_list("pk", flat=True))


def test_replace_brings_back_deleted_rows_and_objects_in_place(
    world, local_storage, school_with_data, tmp_path
):
    school = world.school_a
    archive = tmp_path / "truonga.tar.gz"
    call_command("backup_school", "truonga", "-o", str(archive), stdout=io.StringIO())
    before = digests(school.schema_name)
    public_before = public_rows_of(school)
    key = school_with_data["evidence"].key

    # After the backup: staff and a membership deleted, an object lost, a staff member added.
    with schema_context(school.schema_name):
        Staff.objects.filter(full_name="Phạm Thị Hoa").delete()
        Plan.objects.all().delete()
        added = add_staff_member(full_name="Thêm Sau Sao Lưu", gender="nam")
    Membership.objects.filter(school=school, user=world.teacher_a).delete()
    local_storage.delete(key)
    late_key = "schools/truonga/initiative/" + "f" * 32 + "/sau-sao-luu.pdf"
    local_storage.put(late_key, PDF, "application/pdf")
    assert digests(school.schema_name) != before

    out = io.StringIO()
    call_command("restore_school", str(archive), "--replace", "--yes", stdout=out)
    assert "Đã ghi đè" in out.getvalue()
    assert digests(school.schema_name) == before
    assert public_rows_of(school) == public_before
    assert School.objects.get(code="truonga").pk == school.pk
    assert b"".join(local_storage.iter_chunks(key)) == PDF
    assert local_storage.stat(late_key) is None  # its row is gone with the restore, so is the file
    with schema_context(school.schema_name):
        assert not Staff.objects.filter(pk=added.pk).exists()
        assert Dossier.objects.get().submission_id == school_with_data["submission"].pk


# ---------------------------------------------------------------------------- refusals


def state_of_everything(storage) -> tuple:
    """What a refused restore must leave untouched: schools, schemas, public rows, objects."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace ORDER BY 1")
        schemas = [row[0] for row in cursor.fetchall()]
    return (
        list(School.objects.order_by("pk").values_list("pk", "code", "name")),
        list(Domain.objects.order_by("pk").values_list("pk", "domain")),
        schemas,
        Membership.objects.count(),
        Submission.objects.count(),
        digests("truonga"),
        storage.list_keys(""),
    )


def rewrite_archive(source: Path, target: Path, change) -> None:
    """Copy an archive, letting `change(name, data)` alter each member's bytes."""
    with tarfile.open(source) as tar_in, tarfile.open(target, "w:gz", format=tarfile.PAX_FORMAT) as tar_out:
        for member in tar_in.getmembers():
            data = change(member.name, tar_in.extractfile(member).read())
            member.size = len(data)
            tar_out.addfile(member, io.BytesIO(data))


@pytest.fixture
def archive_of_a(world, s3_storage, tmp_path):
    upload_evidence(world, s3_storage)
    archive = tmp_path / "truonga.tar.gz"
    call_command("backup_school", "truonga", "-o", str(archive), stdout=io.StringIO())
    return archive


def refused(storage, *args) -> str:
    before = state_of_everything(storage)
    with pytest.raises(CommandError) as caught:
        call_command("restore_school", *args, stdout=io.StringIO())
    assert state_of_everything(storage) == before
    assert not schema_exists("truongmoi")
    return str(caught.value)


def test_an_archive_whose_checksums_do_not_match_is_refused(archive_of_a, s3_storage, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"

    def flip_a_row(name, data):
        return data.replace("Giáo Viên Trường A".encode(), "Giáo Viên Trường X".encode())

    rewrite_archive(archive_of_a, damaged, flip_a_row)
    message = refused(s3_storage, str(damaged), "--as", "truongmoi")
    assert "bị hỏng hoặc đã bị sửa" in message and "SHA-256" in message and "plans_staff" in message


def test_a_code_already_in_use_is_refused_without_replace(archive_of_a, s3_storage):
    message = refused(s3_storage, str(archive_of_a), "--as", "truongb")
    assert "đã được dùng" in message and "--replace" in message
    assert "đã được dùng" in refused(s3_storage, str(archive_of_a))  # its own code, still there


def test_an_archive_from_a_newer_platform_is_refused(archive_of_a, s3_storage, tmp_path):
    newer = tmp_path / "newer.tar.gz"
    new_manifest_digest = {}

    def add_a_migration(name, data):
        # The manifest is the archive's first member and SHA256SUMS its second: the new digest of the
        # one is known when the other is rewritten, so only the migration check can refuse it.
        if name == MANIFEST:
            manifest = json.loads(data)
            manifest["migrations"]["tenant"]["plans"]["applied"].append("9999_from_the_future")
            data = json.dumps(manifest).encode()
            new_manifest_digest["sha256"] = hashlib.sha256(data).hexdigest()
        if name == CHECKSUMS:
            lines = data.decode().splitlines()
            lines = [
                f"{new_manifest_digest['sha256']}  {MANIFEST}" if line.endswith(f"  {MANIFEST}") else line
                for line in lines
            ]
            data = ("\n".join(lines) + "\n").encode()
        return data

    rewrite_archive(archive_of_a, newer, add_a_migration)
    message = refused(s3_storage, str(newer), "--as", "truongmoi")
    assert "phiên bản mới hơn" in message and "plans.9999_from_the_future" in message


@pytest.mark.parametrize("code", ["Truong-Moi", "1truong", "public", "a"])
def test_an_invalid_new_code_is_refused(archive_of_a, s3_storage, code):
    message = refused(s3_storage, str(archive_of_a), "--as", code)
    assert "Mã trường" in message


def test_replace_asks_first_and_a_wrong_answer_changes_nothing(archive_of_a, s3_storage, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "truongb")
    message = refused(s3_storage, str(archive_of_a), "--replace")
    assert "Đã hủy" in message


def test_replace_is_refused_when_the_office_holds_a_row_made_after_the_backup(
    world, archive_of_a, s3_storage
):
    """A decision line names a dossier sent after the backup: restoring would take that dossier away
    from under the office's decision, so nothing is restored."""
    late = submit(
        school=world.school_a,
        kind=Submission.Kind.DOSSIER,
        reference="dossier:99",
        year=2026,
        title="Tờ trình gửi sau lúc sao lưu",
        payload={},
        user=world.principal_a,
    )
    decision = Decision.objects.create(
        office=world.office,
        issuer=world.office,
        issuer_name=world.office.name,
        number="7/QĐ-PGDĐT",
        year=2026,
        signed_on=datetime.date(2026, 6, 1),
        signer_title="Trưởng phòng",
        signer_name="Nguyễn Văn Ký",
        subject="Khen thưởng",
        school_year="2025-2026",
    )
    DecisionLine.objects.create(
        decision=decision, school=world.school_a, full_name="Lê Minh Anh", title=Title.LDTT, submission=late
    )
    message = refused(s3_storage, str(archive_of_a), "--replace", "--yes")
    assert "không khớp với dữ liệu đang có" in message
    assert Submission.objects.filter(pk=late.pk).exists()


# ---------------------------------------------------------------------------- nightly archives


@pytest.fixture
def eager_celery():
    """Tasks run in this process and inside the test's transaction, where its data is visible."""
    before = {key: app.conf[key] for key in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(before)
    app._pool = None
    app.amqp._producer_pool = None


def test_the_nightly_job_archives_every_school_and_keeps_the_newest(
    world, s3_storage, eager_celery, settings, tmp_path
):
    settings.SCHOOL_BACKUP_RETENTION = 2
    old = [f"backups/truonga/truonga-2026010{day}T013000000000Z.tar.gz" for day in (1, 2, 3)]
    for key in old:
        s3_storage.put(key, b"an old archive", "application/gzip")

    assert back_up_all_schools.apply().get() == 2
    kept_a = s3_storage.list_keys("backups/truonga/")
    kept_b = s3_storage.list_keys("backups/truongb/")
    assert len(kept_a) == 2 and kept_a[0] == old[-1] and kept_a[1] > old[-1]
    assert len(kept_b) == 1
    assert not s3_storage.list_keys("schools/")  # nothing under any school's prefix

    # Run again: each school keeps the two newest, the new ones.
    newest_b = store_school_backup(world.school_b)
    assert s3_storage.list_keys("backups/truongb/") == [kept_b[0], newest_b]
    path = tmp_path / "b.tar.gz"
    path.write_bytes(b"".join(s3_storage.iter_chunks(newest_b)))
    with open_archive(path) as archive:
        assert archive.manifest["school"]["code"] == "truongb"
        assert {t["table"]: t["rows"] for t in archive.manifest["tables"]}["plans_staff"] == 2


def test_beat_backs_up_every_school_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["back-up-all-schools"]
    assert entry["task"] == back_up_all_schools.name and entry["task"] in app.tasks
    assert entry["schedule"].hour == {1} and entry["schedule"].minute == {30}
    assert settings.SCHOOL_BACKUP_PREFIX == "backups/"
