"""The Word plan import reads a file once and within limits: a zip bomb just under the old 200 MB guard is
refused from the archive's directory with the sizes named and nothing created, and the upload, the review
and the confirmation together read and parse the file exactly once. The bad files are made here."""

import io
import re
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from plans.planning import views
from plans.planning.models import Plan
from plans.planning.plan_import import PlanImportError, read_plan_source, reader
from tests.factories.plans import YEN_HOA, seed_bytes


def plan_docx() -> bytes:
    """A real plan (the Yên Hoà seed) typed into Word, paragraph by paragraph."""
    document = docx.Document()
    for line in seed_bytes(YEN_HOA).decode("utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The Word file with `parts` added, or put in place of the parts of the same name."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename not in parts:
                target.writestr(item, source.read(item.filename))
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def upload(client, name, content):
    return client.post("/ke-hoach/nhap/", {"file": SimpleUploadedFile(name, content)})


def plan_count(world) -> int:
    with schema_context(world.school_a.schema_name):
        return Plan.objects.count()


def test_a_docx_inflating_to_190_mb_is_refused_before_python_docx_reads_it(monkeypatch):
    bomb = with_parts(plan_docx(), {"word/media/image1.png": bytes(190 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # under 1 MB uploaded, as in the finding

    def never(*args, **kwargs):
        raise AssertionError("python-docx must not open a refused file")

    monkeypatch.setattr(reader.docx, "Document", never)
    with pytest.raises(PlanImportError) as caught:
        read_plan_source("ke-hoach.docx", bomb)
    # 190 MB of zeros beside the ~0.5 MB python-docx's own template inflates to
    assert re.match(r"Tệp Word giải nén ra quá lớn \(19\d MB, tối đa 50 MB\)", caught.value.message)


def test_a_docx_whose_text_is_too_big_to_parse_whole_is_refused_before_python_docx_reads_it(monkeypatch):
    paragraph = "<w:p><w:r><w:t>Tổ chức phong trào thi đua dạy tốt, học tốt số {}</w:t></w:r></w:p>"
    pasted = "".join(paragraph.format(number) for number in range(120_000))
    original = plan_docx()
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        body = source.read("word/document.xml").decode()
    data = with_parts(
        original, {"word/document.xml": body.replace("<w:body>", "<w:body>" + pasted, 1).encode()}
    )

    def never(*args, **kwargs):
        raise AssertionError("python-docx must not open a refused file")

    monkeypatch.setattr(reader.docx, "Document", never)
    with pytest.raises(
        PlanImportError, match=r"Phần văn bản của tệp Word giải nén ra quá lớn \(1\d MB, tối đa 10 MB\)"
    ):
        read_plan_source("ke-hoach.docx", data)


def test_a_docx_of_five_thousand_parts_is_refused():
    data = with_parts(plan_docx(), {f"word/media/part{index}.xml": b"<a/>" for index in range(5000)})
    with pytest.raises(
        PlanImportError, match=r"Tệp Word có quá nhiều phần bên trong \(5\.0\d\d phần, tối đa 2\.000\)"
    ):
        read_plan_source("ke-hoach.docx", data)


def test_uploading_a_zip_bomb_shows_the_reason_and_creates_nothing(world, client_for):
    bomb = with_parts(plan_docx(), {"word/media/image1.png": bytes(60 * 1024 * 1024)})
    response = upload(client_for(world.principal_a, world.school_a), "ke-hoach.docx", bomb)
    assert response.status_code == 200
    assert re.search(r"Tệp Word giải nén ra quá lớn \(6\d MB, tối đa 50 MB\)", response.content.decode())
    assert plan_count(world) == 0


def test_upload_review_and_confirm_read_and_parse_the_word_file_once(world, client_for, monkeypatch):
    calls = {"read_docx": 0, "parse_plan": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(reader, "read_docx", counting("read_docx", reader.read_docx))
    monkeypatch.setattr(views, "parse_plan", counting("parse_plan", views.parse_plan))
    client = client_for(world.principal_a, world.school_a)
    response = upload(client, "ke-hoach-yen-hoa.docx", plan_docx())
    assert response.status_code == 302 and plan_count(world) == 0
    assert "Lưu thành dự thảo kế hoạch" in client.get(response.url).content.decode()
    confirmed = client.post(response.url, {"confirm": "1"})
    assert confirmed.status_code == 302
    with schema_context(world.school_a.schema_name):
        plan = Plan.objects.get()
        assert plan.import_record["filename"] == "ke-hoach-yen-hoa.docx"
        assert plan.import_record["encoding"] == "docx"
    assert calls == {"read_docx": 1, "parse_plan": 1}
