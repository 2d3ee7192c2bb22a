"""The bad-input corpus: more than sixty bad files, all made here (no binary is committed), each sent
through the real upload entry point of its kind: a plan (.docx/.txt) to the plan import page, a staff
workbook (.xlsx) to the staff import page, an evidence file through the three steps the page's script
speaks (start, post to storage, confirm).

For every file: never a 500; a Vietnamese reason (the page's error, or the evidence's refusal and its
rejected state); and not one partial write: the school's plans, sections, tasks, staff, departments,
awards, verified evidence and audit entries are counted before and after (an evidence refused after
it reached storage keeps its own rejected row and its own `evidence.rejected` entry, nothing else).

The entry points are one small function per kind (`submit_plan_file`, `submit_staff_workbook`,
`submit_evidence`), so moving the parsing into a background job changes those three functions only."""

import html
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django_tenants.utils import get_tenant_domain_model, schema_context

from office.audit.models import AuditEvent
from plans.evidence.models import Evidence
from plans.imports.models import ImportJob
from plans.initiatives.models import Initiative
from plans.planning.models import Plan, PlanSection, PlanTask
from plans.staff.models import AwardRecord, Department, Staff
from tests.factories.plans import to_cp1258
from tests.factories.staff import STAFF_HEADER, person, sheet_bytes

MIN_FILES = 60
MB = 1024 * 1024
VIETNAMESE_RE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
ERROR_BLOCK_RE = re.compile(
    r'<(?:div|p|li|ul)[^>]*(?:data-testid="(?:upload-error|import-refusal)"|class="[^"]*(?:invalid-feedback|errorlist|alert-danger|text-danger small)[^"]*")[^>]*>(.*?)</(?:div|p|li|ul)>',
    re.S,
)


# ---------------------------------------------------------------------------------------------------
# The files


def zipped(parts: dict[str, bytes | str], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_with(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def replaced_part(package: bytes, part: str, content: bytes | str | None, extra: dict | None = None) -> bytes:
    """The package with one part's content replaced (None: removed) and extra parts added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename == part:
                if content is not None:
                    target.writestr(item, content)
            else:
                target.writestr(item, source.read(item.filename))
        for name, value in (extra or {}).items():
            target.writestr(name, value)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    + "]>"
)


def word_document(body: str, prolog: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') -> str:
    return f"{prolog}<w:document {W}><w:body>{body}</w:body></w:document>"


GOOD_PLAN_DOCX = docx_with("KẾ HOẠCH", "Công tác thi đua, khen thưởng năm 2025", "I. MỤC ĐÍCH, YÊU CẦU")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 4000
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n" + b"x" * 3000 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 500
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 500
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
CP1258_INVALID = to_cp1258("Kế hoạch thi đua") + bytes([0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E])


@dataclass(frozen=True)
class Bad:
    name: str  # the file's name as the browser sends it
    content: bytes
    what: str
    declared_size: int | None = None  # evidence only: the size the browser declares, if it lies
    content_type: str = ""  # evidence only: the type the browser declares


def plan_files() -> list[Bad]:
    good = GOOD_PLAN_DOCX
    return [
        Bad(
            "ke-hoach.docx",
            replaced_part(good, "", None, {"word/media/bomb.bin": bytes(120 * MB)}),
            "zip bomb (120 MB of zeros inside)",
        ),
        Bad("ke-hoach.docx", b"GIF89a" + b"\x00" * 2000, "wrong magic bytes"),
        Bad("ke-hoach.docx", good[: len(good) // 2], "truncated zip"),
        Bad(
            "ke-hoach.docx",
            replaced_part(
                good, "word/document.xml", word_document("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", LAUGHS)
            ),
            "billion laughs",
        ),
        Bad(
            "ke-hoach.docx",
            replaced_part(good, "word/document.xml", word_document("<w:p>" * 60_000 + "</w:p>" * 60_000)),
            "deeply nested XML",
        ),
        Bad("ke-hoach.docx", b"", "0 bytes .docx"),
        Bad("ke-hoach.txt", b"", "0 bytes .txt"),
        Bad("ke-hoach.docx", docx_with("KẾ HOẠCH " + "thi đua " * 400_000), "one 3 MB paragraph"),
        Bad(
            "ke-hoach.txt",
            b"K\xe1\xba\xbe HO\xe1\xba\xa0CH \xc3\x28 \xa0\xa1 \xf0\x28\x8c\x28",
            "invalid UTF-8",
        ),
        Bad("ke-hoach.txt", CP1258_INVALID, "Windows-1258 with undefined bytes"),
        Bad("ke-hoach.txt", "KẾ HOẠCH\x00\x00\x00thi đua".encode(), "NUL bytes in a text file"),
        Bad("ke-hoach\u202excod.txt", b"\x01\x02\x03 not a plan", "right-to-left override in the name"),
        Bad("k\u0007e\u0008-hoach.docx", b"PK\x03\x04garbage", "control characters in the name"),
        Bad("ke-hoach.docx", OLE, "old .doc renamed .docx"),
        Bad(
            "ke-hoach.docm",
            zipped({"[Content_Types].xml": "<Types/>", "word/vbaProject.bin": b"\x00" * 100}),
            "macro-enabled .docm",
        ),
        Bad(
            "ke-hoach.docx",
            zipped(
                {
                    "[Content_Types].xml": "<Types/>",
                    "word/vbaProject.bin": b"\x00" * 100,
                    "word/document.xml": word_document(""),
                }
            ),
            "macros inside a .docx",
        ),
        Bad("../../../etc/passwd.docx", b"root:x:0:0:root:/root:/bin/bash\n", "path traversal name"),
        Bad("..\\..\\windows\\win.ini.txt", b"[fonts]\n", "Windows path traversal name"),
        Bad("k" * 296 + ".txt", "Không phải kế hoạch".encode(), "300-character name"),
        Bad("ke-hoach.txt", EXE, "executable renamed .txt"),
        Bad("ke-hoach.docx", zipped({"readme.txt": "không có word/document.xml"}), "zip without a document"),
        Bad("ke-hoach.docx", zipped({f"word/p{i}.xml": "<a/>" for i in range(5000)}), "5,000 tiny parts"),
        Bad(
            "ke-hoach.docx",
            replaced_part(good, "word/document.xml", b"\x00\xff not xml at all"),
            "document part is not XML",
        ),
        Bad(
            "ke-hoach.docx",
            replaced_part(
                good,
                "word/document.xml",
                word_document(
                    "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>",
                    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                ),
            ),
            "external entity (XXE)",
        ),
        Bad("ke-hoach.docx", docx_with(), "an empty Word document"),
        Bad("ke-hoach.txt", b"\n\n   \n\t\n", "only blank lines"),
        Bad("ke-hoach.pdf", PDF, "a PDF (not accepted)"),
        Bad("ke-hoach", "KẾ HOẠCH".encode(), "no extension"),
        Bad("ke-hoach.txt", b"A" * (21 * MB), "21 MB text file"),
    ]


def workbook(rows, **kwargs) -> bytes:
    return sheet_bytes(rows, **kwargs)


def sheet_xml(rows_xml: str, dimension: str = "") -> str:
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {ns}>{dim}<sheetData>{rows_xml}</sheetData></worksheet>'


def with_sheet(xml: str, extra: dict | None = None) -> bytes:
    return replaced_part(workbook([person()]), "xl/worksheets/sheet1.xml", xml, extra)


def inline_row(number: int, *values: str) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{html.escape(v)}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def million_rows() -> str:
    return "".join(
        f'<row r="{n}"><c r="B{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(1, 1_000_001)
    )


def workbook_files() -> list[Bad]:
    good = workbook([person()])
    return [
        Bad(
            "can-bo.xlsx",
            with_sheet(sheet_xml(inline_row(1, "Họ và tên"), "A1:XFD20010")),
            "dimension A1:XFD20010",
        ),
        Bad("can-bo.xlsx", with_sheet(sheet_xml(million_rows())), "one million rows, no dimension"),
        Bad(
            "can-bo.xlsx",
            with_sheet(sheet_xml('<row r="1"><c r="KZ1" t="inlineStr"><is><t>x</t></is></c></row>')),
            "a cell in column 312",
        ),
        Bad(
            "can-bo.xlsx",
            workbook([person(name='=HYPERLINK("http://x","bấm")'), person(name="=1+1", born="=TODAY()")]),
            "formulas as names and dates",
        ),
        Bad("can-bo.xlsx", shared_strings_bomb(good), "shared-strings bomb (3 million strings)"),
        Bad(
            "can-bo.xlsx",
            workbook([["a", "b"], [1, 2]], header=["Cột 1", "Cột 2"], title="Sheet1"),
            "the wrong sheet",
        ),
        Bad("can-bo.xlsx", merged_header(), "merged header cells"),
        Bad(
            "can-bo.xlsx",
            workbook([person(born="31/02/1988"), person(name="Lê Văn Hai", born="ngày mai")]),
            "dates as impossible text",
        ),
        Bad("can-bo.xlsx", workbook([person(), person()]), "the same person twice"),
        Bad(
            "can-bo.xlsx",
            "Họ và tên,Giới tính,Ngày sinh\nNguyễn Thị Hương,Nữ,15/09/1988\n".encode(),
            "CSV renamed .xlsx",
        ),
        Bad("can-bo.xlsx", b"", "0 bytes"),
        Bad("can-bo.xlsx", good[: len(good) // 3], "truncated"),
        Bad("can-bo.xlsx", PDF, "a PDF renamed .xlsx"),
        Bad("can-bo.xlsx", OLE, "old .xls renamed .xlsx"),
        Bad(
            "can-bo.xlsm",
            replaced_part(good, "", None, {"xl/vbaProject.bin": b"\x00" * 100}),
            "macro-enabled .xlsm",
        ),
        Bad(
            "can-bo.xlsx",
            with_sheet(LAUGHS + sheet_xml(inline_row(1, "&lol9;")).split("?>", 1)[1]),
            "billion laughs in the sheet",
        ),
        Bad(
            "can-bo.xlsx",
            replaced_part(good, "", None, {f"xl/media/p{i}.xml": "<a/>" for i in range(5000)}),
            "5,000 tiny parts",
        ),
        Bad(
            "can-bo.xlsx",
            replaced_part(good, "", None, {"xl/media/image1.png": bytes(120 * MB)}),
            "zip bomb (120 MB of zeros inside)",
        ),
        Bad("can-bo.xlsx", workbook([]), "header only, no one in it"),
        Bad(
            "can-bo.xlsx",
            workbook([person(name=""), person(name="Trần Thị Ba", gender="Không rõ")]),
            "missing name, unknown gender",
        ),
        Bad(
            "can-bo.xlsx",
            with_sheet(
                sheet_xml(
                    inline_row(1, *STAFF_HEADER)
                    + inline_row(2, "1", "Nguyễn&#7;Văn&#0;Tám", "Nữ", "15/09/1988").replace("&amp;", "&")
                )
            ),
            "control characters in a name",
        ),
        Bad(
            "can-bo.xlsx",
            with_sheet(
                '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                + sheet_xml(inline_row(1, "&xxe;")).split("?>", 1)[1]
            ),
            "external entity (XXE)",
        ),
        Bad("can-bo.xlsx", "Đây là văn bản, không phải Excel".encode(), "text renamed .xlsx"),
        Bad(
            "can-bo.xlsx",
            zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
            "a workbook without sheets",
        ),
    ]


def shared_strings_bomb(good: bytes) -> bytes:
    """A good workbook given a shared-strings part of 3 million different strings (60 MB, compressed
    about 10 times: no zip-bomb ratio gives it away): openpyxl loads them all on opening, whatever
    the sheets use."""
    strings = (
        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{n:x}</t></si>" for n in range(3_000_000))
        + "</sst>"
    )
    with zipfile.ZipFile(io.BytesIO(good)) as source:
        rels = source.read("xl/_rels/workbook.xml.rels").decode()
        types = source.read("[Content_Types].xml").decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdBomb" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    package = replaced_part(good, "xl/_rels/workbook.xml.rels", rels)
    package = replaced_part(package, "[Content_Types].xml", types)
    return replaced_part(package, "", None, {"xl/sharedStrings.xml": strings})


def merged_header() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách cán bộ"
    sheet["A1"] = "Danh sách cán bộ, giáo viên (tiêu đề gộp ô)"
    sheet.merge_cells("A1:L2")
    sheet.append(person())
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def evidence_files() -> list[Bad]:
    docx_ok = docx_with("Minh chứng")
    return [
        Bad("bao-cao.pdf", EXE, "executable renamed .pdf"),
        Bad("bao-cao.pdf", HTML + PDF, "HTML/PDF polyglot starting as HTML"),
        Bad("bao-cao.jpg", PNG[:8] + JPEG, "PNG header named .jpg"),
        Bad("anh.svg", SVG, "SVG with a script"),
        Bad("trang.html", HTML, "an HTML page"),
        Bad("bao-cao.pdf", HTML, "HTML renamed .pdf"),
        Bad("bao-cao.pdf", b"", "0 bytes"),
        Bad("bao-cao.pdf", PDF, "declared over the limit", declared_size=10**12),
        Bad("bao-cao.pdf", PDF + b"x" * 5000, "bigger than declared", declared_size=len(PDF)),
        Bad("../../../etc/passwd.pdf", EXE, "path traversal name, executable inside"),
        Bad("b\u0430o-c\u0430o.pdf", EXE, "Cyrillic look-alike letters in the name, executable inside"),
        Bad("bao-cao\u202efdp.exe", EXE, "right-to-left override hiding .exe"),
        Bad("bao\x00cao.pdf.exe", EXE, "NUL in the name"),
        Bad(
            "minh-chung.docx",
            replaced_part(docx_ok, "", None, {"word/media/bomb.bin": bytes(300 * MB)}),
            "zip bomb .docx (300 MB inside)",
        ),
        Bad(
            "minh-chung.docx",
            zipped({"[Content_Types].xml": "<Types/>", "virus/payload.js": "alert(1)"}),
            "zip without Word parts",
        ),
        Bad("minh-chung.xlsx", zipped({"[Content_Types].xml": "<Types/>"}), "an empty zip named .xlsx"),
        Bad("minh-chung.docm", docx_ok, "macro-enabled .docm"),
        Bad("bao-cao.exe", EXE, "declared as a PDF, named .exe", content_type="application/pdf"),
        Bad("anh.png", JPEG, "JPEG named .png"),
        Bad("x" * 296 + ".pdf", EXE, "300-character name, executable inside"),
    ]


# ---------------------------------------------------------------------------------------------------
# The entry points: one small function per kind. Each returns (HTTP status, the reason shown).


def error_text(response) -> str:
    body = response.content.decode(errors="replace")
    return " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", m)).strip() for m in ERROR_BLOCK_RE.findall(body)
    ).strip()


def _run_import(client, url: str, bad: Bad) -> tuple[int, str]:
    """Post the file as the upload form does and run the import job it starts (plans.imports) at once,
    in this process, as the commit would send it to a worker. A form refusal answers at once (the name,
    the size); a file the job refuses answers its job's Vietnamese reason; a file read as a plan or
    imported answers 302 (accepted), which is a failure for a file of this corpus."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile(bad.name, bad.content)})
    if response.status_code != 302:
        return response.status_code, error_text(response)
    school = get_tenant_domain_model().objects.get(domain=client.defaults["HTTP_HOST"]).tenant
    with schema_context(school.schema_name):
        job = ImportJob.objects.order_by("-pk").first()
    if job is None or job.status != ImportJob.Status.REFUSED:
        return 302, f"{response['Location']} ({job.status if job else 'no job'})"
    errors = " ".join(str(error) for error in job.errors or [])
    return 400, f"{job.reason} {errors}".strip()


def submit_plan_file(client, bad: Bad) -> tuple[int, str]:
    return _run_import(client, "/ke-hoach/nhap/", bad)


def submit_staff_workbook(client, bad: Bad) -> tuple[int, str]:
    return _run_import(client, "/can-bo/nhap/", bad)


def submit_evidence(client, bad: Bad) -> tuple[int, str]:
    """The three steps of evidence/upload.js: ask, post the bytes to storage, confirm."""
    started = client.post(
        "/minh-chung/tai-len/",
        json.dumps(
            {
                "kind": "initiative",
                "filename": bad.name,
                "content_type": bad.content_type,
                "size": len(bad.content) if bad.declared_size is None else bad.declared_size,
            }
        ),
        content_type="application/json",
    )
    if started.status_code != 201:
        return started.status_code, started.json().get("detail", "")
    answer = started.json()
    upload = answer["upload"]
    stored = client.post(upload["url"], {**upload["fields"], "file": SimpleUploadedFile("f", bad.content)})
    if stored.status_code >= 300:  # the store itself refused the bytes (the policy's size range)
        return stored.status_code, stored.content.decode(errors="replace")
    completed = client.post(answer["complete_url"], content_type="application/json")
    return completed.status_code, completed.json().get("detail", "") if completed.status_code != 200 else ""


# ---------------------------------------------------------------------------------------------------
# The checks


def counts(school) -> dict[str, int]:
    with schema_context(school.schema_name):
        return {
            "plans": Plan.objects.count(),
            "sections": PlanSection.objects.count(),
            "tasks": PlanTask.objects.count(),
            "staff": Staff.objects.count(),
            "departments": Department.objects.count(),
            "awards": AwardRecord.objects.count(),
            "initiatives": Initiative.objects.count(),
            "verified evidence": Evidence.objects.filter(status=Evidence.Status.VERIFIED).count(),
            "pending evidence": Evidence.objects.filter(status=Evidence.Status.PENDING).count(),
            "audit entries": AuditEvent.objects.exclude(action="evidence.rejected").count(),
        }


@dataclass
class Kind:
    label: str
    files: Callable[[], list[Bad]]
    submit: Callable


KINDS = [
    Kind("plan", plan_files, submit_plan_file),
    Kind("staff workbook", workbook_files, submit_staff_workbook),
    Kind("evidence", evidence_files, submit_evidence),
]


def test_the_corpus_holds_at_least_sixty_files_made_here(suite_count):
    sizes = {kind.label: len(kind.files()) for kind in KINDS}
    suite_count("bad-input corpus: files made", sum(sizes.values()))
    print(f"bad-input corpus: {sum(sizes.values())} files {sizes}", file=sys.stderr)
    assert sum(sizes.values()) >= MIN_FILES, sizes


@pytest.mark.parametrize("kind", KINDS, ids=[k.label for k in KINDS])
def test_every_bad_file_is_refused_in_vietnamese_and_writes_nothing(
    world, client_for, local_storage, eager_celery, suite_count, kind
):
    client = client_for(world.principal_a, world.school_a)
    failures = []
    files = kind.files()
    suite_count("bad-input corpus: files sent", len(files))
    for bad in files:
        before = counts(world.school_a)
        try:
            status, reason = kind.submit(client, bad)
        except Exception as exc:  # a 500 in the test client: recorded, the corpus goes on
            failures.append(f"{bad.what} ({bad.name[:40]!r}) → 500 {type(exc).__name__}: {exc}"[:300])
            continue
        after = counts(world.school_a)
        changed = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
        if status >= 500:
            failures.append(f"{bad.what} → {status}")
        elif status in (200, 201) and not reason and kind.label == "evidence":
            failures.append(f"{bad.what} → accepted as evidence")
        elif status == 302:
            failures.append(f"{bad.what} → accepted ({reason})")
        elif not VIETNAMESE_RE.search(reason or ""):
            failures.append(f"{bad.what} → {status} without a Vietnamese reason: {reason[:200]!r}")
        if changed:
            failures.append(f"{bad.what} → partial writes {changed}")
    print(
        f"bad-input corpus, {kind.label}: {len(files)} files, {len(failures)} failures",
        file=sys.stderr,
    )
    assert not failures, f"{len(failures)} of {len(files)} {kind.label} files:\n" + "\n".join(failures)
    if kind.label == "evidence":
        with schema_context(world.school_a.schema_name):
            rejected = Evidence.objects.filter(status=Evidence.Status.REJECTED)
            # Refused after reaching storage: the row says why, in Vietnamese.
            assert all(VIETNAMESE_RE.search(e.rejection_reason) for e in rejected)
