"""Object storage for evidence and documents: the only module that talks to S3 or the local store.

Files never pass through a Django process on the way up (DESIGN.md §3 rule 5): the browser posts
them straight to storage with a presigned POST whose policy fixes the key, the size range and the
content type. Afterwards the server reads the object back to check it. Without an S3 endpoint, a
local folder implements the same contract, signed with Django's signing, so the browser code has
one path.
"""

import hashlib
import re
import secrets
import shutil
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache, wraps
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from office.core.errors import Unavailable

LOCAL_POLICY_SALT = "office.core.object_storage.local-post"
LOCAL_DOWNLOAD_SALT = "office.core.object_storage.local-get"
KEY_RE = re.compile(r"^schools/[a-z_][a-z0-9_]*/[a-z0-9_-]+/[0-9a-f]{32}/[^/\\\x00-\x1f]{1,150}$")
_UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]+")
MAX_NAME_LENGTH = 120


class ObjectStorageError(Exception):
    """A storage operation failed; the message is for the user, in Vietnamese."""


class DownloadLinkRefused(ObjectStorageError):
    """A genuine local download link asked for by the wrong browser (403) or a second time (410)."""

    def __init__(self, message: str, status_code: int):
        super().__init__(message)
        self.status_code = status_code


OTHER_SESSION_REFUSAL = (
    "Liên kết tải xuống này được tạo cho phiên đăng nhập khác. Hãy đăng nhập rồi bấm “Tải về” trên trang."
)
USED_LINK_REFUSAL = "Liên kết tải xuống này đã được dùng. Hãy bấm “Tải về” trên trang để tải lại."


def session_fingerprint(request) -> str:
    """Which session asked for a download link, without putting the session key itself in the link:
    a hash of it. Empty for no request or a request without a session (an API client signing in with
    a token), whose link is then only short and single-use."""
    session = getattr(request, "session", None)
    session_key = getattr(session, "session_key", None)
    if not session_key:
        return ""
    return hashlib.sha256(f"{LOCAL_DOWNLOAD_SALT}:{session_key}".encode()).hexdigest()[:32]


UNAVAILABLE_MESSAGE = (
    "Kho lưu trữ tệp tạm thời không kết nối được. Tệp và hồ sơ của bạn vẫn được giữ nguyên; "
    "hãy thử lại sau ít phút (hệ thống cũng sẽ tự kiểm tra lại tệp đang chờ)."
)


class StorageUnavailable(Unavailable, ObjectStorageError):
    """Storage did not answer (refused connection, timeout, a 5xx): nothing is known about the object,
    so a caller neither marks it bad nor gone; it leaves its record as it was and tries later. A
    refusal (503) with the Vietnamese message, translated on pages and in the API like any other."""

    def __init__(self, message: str = UNAVAILABLE_MESSAGE, **details):
        super().__init__(message, **details)


def _s3_transport_errors() -> tuple[type[Exception], ...]:
    from botocore import exceptions

    return (exceptions.ConnectionError, exceptions.HTTPClientError)


def _is_server_fault(exc) -> bool:
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    return status >= 500


@contextmanager
def _s3_reachable():
    """Turn "storage did not answer" into StorageUnavailable; an answer (404, 403) stays what it is."""
    from botocore.exceptions import ClientError

    try:
        yield
    except _s3_transport_errors() as exc:
        raise StorageUnavailable() from exc
    except ClientError as exc:
        if _is_server_fault(exc):
            raise StorageUnavailable() from exc
        raise


def _s3_call(method):
    @wraps(method)
    def wrapped(*args, **kwargs):
        with _s3_reachable():
            return method(*args, **kwargs)

    return wrapped


@dataclass(frozen=True)
class PresignedPost:
    url: str
    fields: dict[str, str]


@dataclass(frozen=True)
class StoredObject:
    size: int
    content_type: str


def safe_filename(name: str) -> str:
    """A file name that is safe as the last part of a key: no folders, no control characters,
    NFC Vietnamese kept, at most 120 characters with the extension preserved."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE_NAME_CHARS.sub("", name).strip().strip(".")
    name = re.sub(r"\s+", " ", name)
    if not name:
        return "tep"
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        stem, ext = name, ""
    ext = f".{ext.lower()}" if ext else ""
    stem = stem[: MAX_NAME_LENGTH - len(ext)].rstrip() or "tep"
    return f"{stem}{ext}"


def object_key(schema_name: str, kind: str, filename: str) -> str:
    """`schools/<schema>/<kind>/<uuid>/<name>`: the schema first, so one school's objects share a prefix."""
    if not re.fullmatch(r"[a-z0-9_-]+", kind):
        raise ValueError(f"invalid object kind {kind!r}")
    return f"schools/{schema_name}/{kind}/{uuid.uuid4().hex}/{safe_filename(filename)}"


def key_belongs_to_school(key: str, schema_name: str) -> bool:
    return bool(KEY_RE.match(key)) and key.startswith(f"schools/{schema_name}/")


def sha256_of_chunks(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


class S3ObjectStorage:
    """S3 or any S3-compatible service (MinIO on premises, moto in tests), through django-storages."""

    def __init__(self):
        from botocore.config import Config
        from storages.backends.s3 import S3Storage

        self.bucket = settings.S3_BUCKET
        self.storage = S3Storage(
            bucket_name=self.bucket,
            endpoint_url=settings.S3_ENDPOINT_URL,
            region_name=settings.S3_REGION,
            access_key=settings.S3_ACCESS_KEY_ID,
            secret_key=settings.S3_SECRET_ACCESS_KEY,
            file_overwrite=False,
            default_acl=None,
            querystring_auth=True,
            querystring_expire=settings.DOWNLOAD_URL_TTL_SECONDS,
            # A storage that does not answer is given up on within seconds (a 503 the person can act
            # on), not after botocore's default minute of connecting and retrying.
            client_config=Config(
                s3={"addressing_style": "path"},
                signature_version="s3v4",
                connect_timeout=settings.S3_CONNECT_TIMEOUT_SECONDS,
                read_timeout=settings.S3_READ_TIMEOUT_SECONDS,
                retries={"mode": "standard", "max_attempts": settings.S3_MAX_ATTEMPTS},
            ),
        )

    @property
    def client(self):
        return self.storage.connection.meta.client

    def ensure_bucket(self) -> None:
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self.client.create_bucket(Bucket=self.bucket)
        # Browsers post evidence straight to the bucket from the schools' pages; the signed policy,
        # not the origin, is what authorises an upload.
        self.client.put_bucket_cors(
            Bucket=self.bucket,
            CORSConfiguration={
                "CORSRules": [
                    {
                        "AllowedMethods": ["POST", "GET"],
                        "AllowedOrigins": ["*"],
                        "AllowedHeaders": ["*"],
                        "MaxAgeSeconds": 3600,
                    }
                ]
            },
        )

    @_s3_call
    def check(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)

    def presigned_post(self, key: str, content_type: str, max_bytes: int, request=None) -> PresignedPost:
        post = self.client.generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[
                {"Content-Type": content_type},
                ["content-length-range", 1, max_bytes],
            ],
            ExpiresIn=settings.UPLOAD_URL_TTL_SECONDS,
        )
        return PresignedPost(url=post["url"], fields=post["fields"])

    def presigned_get_url(self, key: str, filename: str, request=None) -> str:
        """Made by the app's download views after their permission check, at the moment of the click.
        S3 cannot make a presigned URL single-use or tie it to a browser: what limits a leaked one is
        its short life (DOWNLOAD_URL_TTL_SECONDS, X-Amz-Expires)."""
        return self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": _attachment(filename),
            },
            ExpiresIn=settings.DOWNLOAD_URL_TTL_SECONDS,
        )

    @_s3_call
    def stat(self, key: str) -> StoredObject | None:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _is_server_fault(exc):
                raise  # not "absent": storage could not say (StorageUnavailable, by _s3_call)
            return None
        return StoredObject(size=head["ContentLength"], content_type=head.get("ContentType", ""))

    def iter_chunks(self, key: str, chunk_size: int = 1024 * 1024):
        # A generator: a connection lost half-way through the body is raised while iterating.
        with _s3_reachable():
            body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
            yield from body.iter_chunks(chunk_size)

    @_s3_call
    def read_head(self, key: str, length: int = 2048) -> bytes:
        response = self.client.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{length - 1}")
        return response["Body"].read()

    @_s3_call
    def delete(self, key: str) -> None:
        self.storage.delete(key)

    @_s3_call
    def copy(self, source: str, target: str) -> None:
        """A server-side copy (CopyObject): the bytes never pass through Django."""
        self.client.copy_object(
            Bucket=self.bucket, Key=target, CopySource={"Bucket": self.bucket, "Key": source}
        )

    @_s3_call
    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Server-side writes (generated documents), never user uploads."""
        self.client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type)

    @_s3_call
    def put_file(self, key: str, path: Path, content_type: str) -> None:
        """A server-side file too large to hold in memory (a school's backup), uploaded in parts."""
        self.client.upload_file(str(path), self.bucket, key, ExtraArgs={"ContentType": content_type})

    @_s3_call
    def list_keys(self, prefix: str) -> list[str]:
        """Every key under `prefix`, in key order (backups and restores of a school read its prefix)."""
        keys = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
            keys.extend(item["Key"] for item in page.get("Contents", []))
        return sorted(keys)


class LocalObjectStorage:
    """A folder on disk that speaks the presigned-POST contract, for machines without S3."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root or settings.LOCAL_OBJECT_STORAGE_DIR)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not str(path).startswith(str(self.root.resolve()) + "/"):
            raise ObjectStorageError("Khóa tệp không hợp lệ.")
        return path

    def check(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        probe = self.root / ".health"
        probe.write_bytes(b"ok")
        probe.unlink()

    def presigned_post(self, key: str, content_type: str, max_bytes: int, request=None) -> PresignedPost:
        policy = signing.dumps(
            {"key": key, "content_type": content_type, "max_bytes": max_bytes}, salt=LOCAL_POLICY_SALT
        )
        url = reverse("objects-upload")
        if request is not None:
            url = request.build_absolute_uri(url)
        return PresignedPost(url=url, fields={"key": key, "Content-Type": content_type, "policy": policy})

    def accept_post(self, fields, uploaded_file) -> str:
        """Store a browser's POST if it matches its signed policy; returns the key."""
        try:
            policy = signing.loads(
                fields.get("policy", ""), salt=LOCAL_POLICY_SALT, max_age=settings.UPLOAD_URL_TTL_SECONDS
            )
        except signing.BadSignature as exc:
            raise ObjectStorageError("Phiên tải lên đã hết hạn hoặc không hợp lệ.") from exc
        if fields.get("key") != policy["key"] or fields.get("Content-Type") != policy["content_type"]:
            raise ObjectStorageError("Thông tin tệp không khớp với phiên tải lên.")
        if uploaded_file is None or uploaded_file.size < 1:
            raise ObjectStorageError("Chưa chọn tệp hoặc tệp rỗng.")
        if uploaded_file.size > policy["max_bytes"]:
            raise ObjectStorageError("Tệp vượt quá dung lượng cho phép.")
        path = self._path(policy["key"])
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            for chunk in uploaded_file.chunks():
                out.write(chunk)
        path.with_name(path.name + ".content-type").write_text(policy["content_type"])
        return policy["key"]

    def presigned_get_url(self, key: str, filename: str, request=None) -> str:
        """A short-lived link that works once, for the session that asked for it (unlike S3's, which
        can do neither): a random nonce is spent on first use, and a hash of the session key is signed
        into the link."""
        token = signing.dumps(
            {
                "key": key,
                "filename": filename,
                "n": secrets.token_urlsafe(16),
                "s": session_fingerprint(request),
            },
            salt=LOCAL_DOWNLOAD_SALT,
        )
        url = reverse("objects-download", kwargs={"token": token})
        return request.build_absolute_uri(url) if request is not None else url

    def resolve_download(self, token: str, request=None) -> tuple[Path, str, str]:
        """The file a download link opens, for `request`'s session, once. Raises ObjectStorageError for
        a forged or expired link (404), DownloadLinkRefused for another session's (403) or a used one
        (410)."""
        try:
            payload = signing.loads(
                token, salt=LOCAL_DOWNLOAD_SALT, max_age=settings.DOWNLOAD_URL_TTL_SECONDS
            )
        except signing.BadSignature as exc:
            raise ObjectStorageError("Liên kết tải xuống đã hết hạn hoặc không hợp lệ.") from exc
        # The session first: a link seen by someone else must not be spent by them, only refused.
        if not secrets.compare_digest(payload.get("s", ""), session_fingerprint(request)):
            raise DownloadLinkRefused(OTHER_SESSION_REFUSAL, 403)
        # Spent by the first request that gets here; kept in the cache a little longer than the link lives.
        if not cache.add(
            f"objects-download-used:{payload['n']}", 1, timeout=settings.DOWNLOAD_URL_TTL_SECONDS * 2
        ):
            raise DownloadLinkRefused(USED_LINK_REFUSAL, 410)
        path = self._path(payload["key"])
        if not path.is_file():
            raise ObjectStorageError("Không tìm thấy tệp.")
        stored = self.stat(payload["key"])
        return path, payload["filename"], stored.content_type if stored else "application/octet-stream"

    def stat(self, key: str) -> StoredObject | None:
        path = self._path(key)
        if not path.is_file():
            return None
        type_file = path.with_name(path.name + ".content-type")
        content_type = type_file.read_text() if type_file.exists() else "application/octet-stream"
        return StoredObject(size=path.stat().st_size, content_type=content_type)

    def iter_chunks(self, key: str, chunk_size: int = 1024 * 1024):
        with self._path(key).open("rb") as handle:
            while chunk := handle.read(chunk_size):
                yield chunk

    def read_head(self, key: str, length: int = 2048) -> bytes:
        with self._path(key).open("rb") as handle:
            return handle.read(length)

    def delete(self, key: str) -> None:
        path = self._path(key)
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".content-type").unlink(missing_ok=True)

    def copy(self, source: str, target: str) -> None:
        from_path, to_path = self._path(source), self._path(target)
        to_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(from_path, to_path)
        type_file = from_path.with_name(from_path.name + ".content-type")
        if type_file.exists():
            shutil.copyfile(type_file, to_path.with_name(to_path.name + ".content-type"))

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.with_name(path.name + ".content-type").write_text(content_type)

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        target.with_name(target.name + ".content-type").write_text(content_type)

    def list_keys(self, prefix: str) -> list[str]:
        """Every key under `prefix`, in key order; the content-type notes beside the files are not keys."""
        folder = prefix.rpartition("/")[0]
        base = self._path(folder) if folder else self.root.resolve()
        if not base.is_dir():
            return []
        root = self.root.resolve()
        keys = []
        for path in base.rglob("*"):
            key = path.relative_to(root).as_posix()
            if path.is_file() and not path.name.endswith(".content-type") and key.startswith(prefix):
                keys.append(key)
        return sorted(keys)


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode() or "tep"
    ascii_name = ascii_name.replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@lru_cache(maxsize=1)
def get_object_storage() -> S3ObjectStorage | LocalObjectStorage:
    if settings.OBJECT_STORAGE_BACKEND == "s3":
        return S3ObjectStorage()
    return LocalObjectStorage()


def authority_object_key(authority_id: int, kind: str, filename: str) -> str:
    """`authorities/<id>/<kind>/<uuid>/<name>`: an office's own documents, beside the schools' prefixes."""
    if not re.fullmatch(r"[a-z0-9_-]+", kind):
        raise ValueError(f"invalid object kind {kind!r}")
    return f"authorities/{int(authority_id)}/{kind}/{uuid.uuid4().hex}/{safe_filename(filename)}"
