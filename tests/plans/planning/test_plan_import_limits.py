"""The Word plan import reads a file once and within limits: a zip bomb just under the old 200 MB guard is
refused from the archive's directory with the sizes named and nothing created, and the upload (whose import
job reads it), the review and the confirmation together read and parse the file exactly once. The bad files
are made here (tests/factories/bad_files.py)."""

import io
import re
import zipfile

import pytest
from django_tenants.utils import schema_context

from plans.planning.models import Plan
from plans.planning.plan_import import PlanImportError, job, read_plan_source, reader
from tests.factories.bad_files import plan_bomb, plan_docx, with_parts


@pytest.fixture
def upload(upload_now):
    return lambda client, name, content: upload_now(client, "/ke-hoach/nhap/", name, content)


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


def test_uploading_a_zip_bomb_shows_the_reason_and_creates_nothing(world, client_for, upload):
    client = client_for(world.principal_a, world.school_a)
    response = upload(client, "ke-hoach.docx", plan_bomb(60))
    job_page = client.get(response.url)
    assert job_page.status_code == 200
    assert re.search(r"Tệp Word giải nén ra quá lớn \(6\d MB, tối đa 50 MB\)", job_page.content.decode())
    assert plan_count(world) == 0


def test_upload_review_and_confirm_read_and_parse_the_word_file_once(world, client_for, upload, monkeypatch):
    calls = {"read_docx": 0, "parse_plan": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(reader, "read_docx", counting("read_docx", reader.read_docx))
    monkeypatch.setattr(job, "parse_plan", counting("parse_plan", job.parse_plan))
    client = client_for(world.principal_a, world.school_a)
    response = upload(client, "ke-hoach-yen-hoa.docx", plan_docx())
    assert response.status_code == 302 and plan_count(world) == 0
    review = client.get(response.url).url
    assert "Lưu thành dự thảo kế hoạch" in client.get(review).content.decode()
    confirmed = client.post(review, {"confirm": "1"})
    assert confirmed.status_code == 302
    with schema_context(world.school_a.schema_name):
        plan = Plan.objects.get()
        assert plan.import_record["filename"] == "ke-hoach-yen-hoa.docx"
        assert plan.import_record["encoding"] == "docx"
    assert calls == {"read_docx": 1, "parse_plan": 1}
