"""The evidence of a set of dossiers as one ZIP streamed from object storage (moto's S3 server over
HTTP): the archive opens, every file matches byte for byte under a folder per school and dossier, keys
that are not the school's own are left out, and another office's dossier is 404."""

import io
import os
import zipfile

import openpyxl

from office.core.object_storage import object_key
from office.submissions.services import accept_submission
from tests.office.submissions.conftest import dossier_payload

URL = "/tham-dinh/minh-chung.zip"


def put(storage, school, filename, data):
    key = object_key(school.schema_name, "dossier", filename)
    storage.put(key, data, "application/pdf")
    return key


def zip_of(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response.streaming and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_evidence_of_the_chosen_dossiers_streams_as_one_zip(world, send, client_for, s3_storage):
    big = os.urandom(3 * 1024 * 1024 + 17)  # more than one storage chunk
    small = b"%PDF-1.4 Quy\xe1\xba\xbft \xc4\x91\xe1\xbb\x8bnh"
    same_name = b"%PDF-1.4 second copy"
    first_keys = [
        put(s3_storage, world.school_a, "Quyết định công nhận sáng kiến.pdf", big),
        put(s3_storage, world.school_a, "Bằng khen.pdf", small),
    ]
    foreign = put(s3_storage, world.school_b, "bi-mat.pdf", b"secret")
    first = send(
        reference="dossier:1",
        payload=dossier_payload(
            world.school_a,
            evidence=[
                {"id": 1, "filename": "Quyết định công nhận sáng kiến.pdf", "key": first_keys[0]},
                {"id": 2, "filename": "Bằng khen.pdf", "key": first_keys[1]},
                {"id": 3, "filename": "bi-mat.pdf", "key": foreign},  # not this school's key
            ],
        ),
    )
    second_key = put(s3_storage, world.school_a, "Bằng khen.pdf", same_name)
    gone = object_key(world.school_a.schema_name, "dossier", "đã xóa.pdf")  # never stored
    second = send(
        reference="dossier:2",
        payload=dossier_payload(
            world.school_a,
            evidence=[
                {"id": 4, "filename": "Bằng khen.pdf", "key": second_key},
                {"id": 5, "filename": "đã xóa.pdf", "key": gone},
            ],
        ),
    )
    client = client_for(world.specialist)
    archive = zip_of(client.get(URL, {"ho-so": [first.pk, second.pk]}))
    assert archive.testzip() is None
    school = "Trường Tiểu học A"
    files = {name: archive.read(name) for name in archive.namelist()}
    assert files == {
        f"{school}/Hồ sơ 1 – phiên bản 1/01 - Quyết định công nhận sáng kiến.pdf": big,
        f"{school}/Hồ sơ 1 – phiên bản 1/02 - Bằng khen.pdf": small,
        f"{school}/Hồ sơ 2 – phiên bản 1/01 - Bằng khen.pdf": same_name,
        "Ghi chú – tệp thiếu.txt": (
            "Các tệp minh chứng sau không còn trong kho lưu trữ nên không có trong tệp nén:\n"
            f"- {school}/Hồ sơ 2 – phiên bản 1/02 - đã xóa.pdf\n"
        ).encode(),
    }
    # Vietnamese names are stored as UTF-8 (the language-encoding flag), so any unzip tool shows them.
    assert all(info.flag_bits & 0x800 for info in archive.infolist())

    # The inbox's filter gives the same dossiers' evidence without choosing them one by one.
    filtered = zip_of(client.get(URL, {"truong": "truonga"}))
    assert sorted(filtered.namelist()) == sorted(files)


def test_another_offices_dossier_is_404_and_only_office_members_may_download(
    world, send, client_for, s3_storage
):
    mine = send(
        payload=dossier_payload(
            world.school_a,
            evidence=[{"id": 1, "filename": "a.pdf", "key": put(s3_storage, world.school_a, "a.pdf", b"A")}],
        )
    )
    theirs = send(
        world.school_b,
        payload=dossier_payload(
            world.school_b,
            evidence=[{"id": 1, "filename": "b.pdf", "key": put(s3_storage, world.school_b, "b.pdf", b"B")}],
        ),
    )
    specialist = client_for(world.specialist)
    assert specialist.get(URL, {"ho-so": [theirs.pk]}).status_code == 404
    assert specialist.get(URL, {"ho-so": [mine.pk, theirs.pk]}).status_code == 404
    assert specialist.get(URL, {"ho-so": ["x"]}).status_code == 404
    # Filtering by the other office's school gives nothing of it.
    assert zip_of(specialist.get(URL, {"truong": "truongb"})).namelist() == []
    assert client_for(world.principal_a).get(URL, {"ho-so": [mine.pk]}).status_code == 404
    other = zip_of(client_for(world.other_specialist).get(URL, {"ho-so": [theirs.pk]}))
    assert [other.read(n) for n in other.namelist()] == [b"B"]


def test_the_consolidated_list_over_http_keeps_formula_like_names_as_text(world, send, client_for):
    hostile = '=HYPERLINK("http://evil.example","Bấm")'
    nominee = {
        "full_name": hostile,
        "position": "+1+1",
        "unit": "@Tổ 1",
        "title": "ldtt",
        "title_label": "Lao động tiên tiến",
        "summary": "-2+3",
    }
    dossier = send(payload=dossier_payload(world.school_a, nominees=[nominee]))
    accept_submission(dossier, user=world.specialist)
    response = client_for(world.specialist).get("/tham-dinh/tong-hop/danh-sach.xlsx?nam=2026")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for row in workbook.active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {hostile, "+1+1", "-2+3"} <= {c.value for c in cells}


def test_storage_away_when_the_zip_is_asked_for_gives_the_503_page_not_a_cut_archive(
    world, send, client_for, private_s3
):
    server, storage = private_s3
    key = put(storage, world.school_a, "Bằng khen.pdf", b"%PDF-1.4 giay khen")
    dossier = send(
        reference="dossier:1",
        payload=dossier_payload(
            world.school_a, evidence=[{"id": 1, "filename": "Bằng khen.pdf", "key": key}]
        ),
    )
    client = client_for(world.specialist)
    server.stop()
    response = client.get(URL, {"ho-so": [dossier.pk]})
    assert response.status_code == 503 and not response.streaming
    assert "Kho lưu trữ tệp tạm thời không kết nối được" in response.content.decode()
    server.start()
    assert (
        zip_of(client.get(URL, {"ho-so": [dossier.pk]})).read(
            "Trường Tiểu học A/Hồ sơ 1 – phiên bản 1/01 - Bằng khen.pdf"
        )
        == b"%PDF-1.4 giay khen"
    )
