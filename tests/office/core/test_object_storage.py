import base64
import hashlib
import json

import pytest
import requests

from office.core.object_storage import (
    ObjectStorageError,
    key_belongs_to_school,
    object_key,
    safe_filename,
)


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\cô giáo\\Sáng kiến.docx", "Sáng kiến.docx"),
        ("bao\x00cao\x1f.pdf", "baocao.pdf"),
        ("  ...  ", "tep"),
        ("Minh chứng: <lớp 5A>?.PDF", "Minh chứng lớp 5A.pdf"),
    ],
)
def test_file_names_are_made_safe(raw, safe):
    assert safe_filename(raw) == safe


def test_a_300_character_name_is_cut_keeping_its_extension():
    name = safe_filename("á" * 300 + ".docx")
    assert len(name) == 120 and name.endswith(".docx")


def test_keys_follow_the_layout_and_stay_inside_the_school():
    key = object_key("truonga", "evidence", "Giấy khen.pdf")
    parts = key.split("/")
    assert (
        parts[:3] == ["schools", "truonga", "evidence"]
        and len(parts[3]) == 32
        and parts[4] == "Giấy khen.pdf"
    )
    assert key_belongs_to_school(key, "truonga")
    assert not key_belongs_to_school(key, "truongb")
    assert not key_belongs_to_school("schools/truonga/evidence/../../truongb/x.pdf", "truonga")


def test_s3_presigned_post_uploads_over_http_and_presigned_get_downloads(s3_storage):
    key = object_key("truonga", "evidence", "Báo cáo thành tích.pdf")
    content = b"%PDF-1.7\n" + b"x" * 2048
    post = s3_storage.presigned_post(key, "application/pdf", max_bytes=10_000)
    uploaded = requests.post(post.url, data=post.fields, files={"file": ("bc.pdf", content)}, timeout=30)
    assert uploaded.status_code in (200, 204), uploaded.text
    stored = s3_storage.stat(key)
    assert stored.size == len(content) and stored.content_type == "application/pdf"
    assert s3_storage.read_head(key, 8) == b"%PDF-1.7"
    assert (
        hashlib.sha256(b"".join(s3_storage.iter_chunks(key))).hexdigest()
        == hashlib.sha256(content).hexdigest()
    )
    url = s3_storage.presigned_get_url(key, "Báo cáo thành tích.pdf")
    downloaded = requests.get(url, timeout=30)
    assert downloaded.content == content
    assert "attachment" in downloaded.headers.get("Content-Disposition", "")
    s3_storage.delete(key)
    assert s3_storage.stat(key) is None


def test_s3_post_policy_fixes_key_type_and_size(s3_storage):
    # moto does not enforce POST policies, so the policy the browser gets is checked itself.
    key = object_key("truonga", "evidence", "a.pdf")
    post = s3_storage.presigned_post(key, "application/pdf", max_bytes=20 * 1024 * 1024)
    policy = json.loads(base64.b64decode(post.fields["policy"]))
    conditions = policy["conditions"]
    assert {"key": key} in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert ["content-length-range", 1, 20 * 1024 * 1024] in conditions
    assert "expiration" in policy


def test_local_store_accepts_a_post_that_matches_its_policy(world, local_storage, client_for):
    key = object_key("truonga", "evidence", "Giấy khen.pdf")
    post = local_storage.presigned_post(key, "application/pdf", max_bytes=1000)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(None, world.school_a)
    response = client.post(post.url, {**post.fields, "file": SimpleUploadedFile("g.pdf", b"%PDF-1.4 hello")})
    assert response.status_code == 204
    assert local_storage.stat(key).size == len(b"%PDF-1.4 hello")
    url = local_storage.presigned_get_url(key, "Giấy khen.pdf")
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 hello"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"file_size": 2000}, "vượt quá dung lượng"),
        ({"Content-Type": "text/html"}, "không khớp"),
        ({"key": "schools/truongb/evidence/" + "0" * 32 + "/x.pdf"}, "không khớp"),
        ({"policy": "forged"}, "hết hạn hoặc không hợp lệ"),
    ],
)
def test_local_store_refuses_what_its_policy_does_not_allow(
    world, local_storage, client_for, change, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    key = object_key("truonga", "evidence", "a.pdf")
    post = local_storage.presigned_post(key, "application/pdf", max_bytes=1000)
    fields = {**post.fields, **{k: v for k, v in change.items() if k != "file_size"}}
    content = b"%PDF" + b"x" * (change.get("file_size", 10) - 4)
    response = client_for(None, world.school_a).post(
        post.url, {**fields, "file": SimpleUploadedFile("a.pdf", content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert local_storage.stat(key) is None


def test_local_download_refuses_a_forged_token(world, local_storage, client_for):
    assert client_for(None, world.school_a).get("/objects/download/forged/").status_code == 404
    with pytest.raises(ObjectStorageError):
        local_storage.resolve_download("forged")
