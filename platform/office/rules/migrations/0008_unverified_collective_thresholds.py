"""Two conditions of the collective titles that DOMAIN.md (§1.2) does not settle, answered "cannot
tell" with the reason instead of a guess (the legal-cases audit, tests/office/rules/test_legal_cases_audit.py):

- TTLĐTT: the share of members who are LĐTT is over 50% under the Law of 2003 (Art. 28) and at least
  70% per lawnet's summary of TT 29/2023 Art. 6 and Art. 28 of the Law of 2022 [UNVERIFIED]. The record
  keeps 70% as its threshold; a share that meets only the 50% one is now the council's to decide.
- TTLĐXS: the old law also barred a member disciplined at cảnh cáo or above; the 2022 wording quoted
  (Art. 27) does not include it, and that wording is a provincial page's, not the official text. A
  member so disciplined is now the council's to decide rather than silently passed.

Both records keep their dates: the law did not change, the reading of it became more careful."""

from datetime import date

from django.db import migrations

from office.rules.seeding import rule_patching

LAW_2022_FROM = date(2024, 1, 1)

PATCHES = [
    {
        "code": "ttldtt.basis",
        "effective_from": LAW_2022_FROM,
        "parameters": {
            "unverified_ldtt_share": {
                "share": 0.5,
                "strictly_greater": True,
                "note": (
                    "ngưỡng trên 50% (Điều 28 Luật Thi đua, khen thưởng 2003) hay từ 70% (tóm tắt Điều 6 Thông tư "
                    "29/2023/TT-BGDĐT) chưa đối chiếu được nguyên văn [UNVERIFIED]; Hội đồng Thi đua – Khen "
                    "thưởng đối chiếu văn bản gốc trước khi công nhận"
                ),
            }
        },
        "note": (
            "Tỷ lệ LĐTT trên 50% nhưng dưới 70%: hệ thống trả lời “chưa đủ dữ liệu” và nêu lý do (tham số "
            "unverified_ldtt_share), không tự kết luận."
        ),
    },
    {
        "code": "ttldxs.basis",
        "effective_from": LAW_2022_FROM,
        "parameters": {
            "member_discipline_unverified": {
                "level": "canh_cao",
                "note": (
                    "Luật Thi đua, khen thưởng 2003 không công nhận tập thể có thành viên bị kỷ luật từ cảnh cáo "
                    "trở lên; đoạn trích Điều 27 Luật 2022 không nêu điều kiện này, chưa đối chiếu được nguyên văn "
                    "[UNVERIFIED]; Hội đồng Thi đua – Khen thưởng đối chiếu văn bản gốc trước khi công nhận"
                ),
            }
        },
        "note": (
            "Có thành viên bị kỷ luật từ cảnh cáo trở lên: hệ thống trả lời “chưa đủ dữ liệu” và nêu lý do "
            "(tham số member_discipline_unverified) thay vì bỏ qua."
        ),
    },
]


apply_patches, revert_patches = rule_patching(PATCHES)


class Migration(migrations.Migration):
    dependencies = [("rules", "0007_collective_objection")]

    operations = [migrations.RunPython(apply_patches, revert_patches)]
