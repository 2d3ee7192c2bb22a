"""Titles whose own criteria the project's sources do not give (the legal-cases audit): a Cờ thi đua
(cấp tỉnh, bộ, ngành; of the Government) and a Bằng khen of the Prime Minister for a collective were
answered "met" once the cross-cutting rules passed, because no rule spoke of their criteria. DOMAIN.md
§1.2 has the 2022 wording of the Cờ's criteria only as [UNVERIFIED] (the provincial practice cited is the
old law's) and the Cờ of the Government only under the Law of 2003 (Art. 25); §1.3 gives the Bằng khen
of the Prime Minister for individuals only. The rule says so and leaves the answer to the council.

Data written out here, as in 0002, so the migration keeps doing what it did on the day it was written."""

from datetime import date

from django.db import migrations

from office.rules.seeding import rule_seeding

LAW_2022_FROM = date(2024, 1, 1)
COUNCIL = "Hệ thống không tự kết luận: Hội đồng Thi đua – Khen thưởng đối chiếu nguyên văn"

RULES = [
    {
        "code": "criteria.not_found",
        "position": 86,
        "titles": ["co_tinh", "co_cp", "bk_ttg"],
        "name": "Tiêu chuẩn chưa có nguồn đối chiếu (Cờ thi đua; Bằng khen Thủ tướng cho tập thể)",
        "article": "Luật Thi đua, khen thưởng 2022 (nguyên văn tiêu chuẩn chưa đối chiếu)",
        "source_url": "http://tdkt.toaan.gov.vn/portal/page/portal/tdkt/Gioithieu/67987125",
        "effective_from": LAW_2022_FROM,
        "parameters": {
            "by_title": {
                "co_tinh": {
                    "reason": (
                        "Tiêu chuẩn Cờ thi đua cấp tỉnh (bộ, ngành) theo Luật Thi đua, khen thưởng 2022 chưa đối "
                        "chiếu được nguyên văn [UNVERIFIED]; nguồn hiện có là tiêu chí áp dụng theo Luật cũ (hoàn "
                        "thành vượt mức chỉ tiêu, là tập thể tiêu biểu xuất sắc của tỉnh, có nhân tố mới, mô hình "
                        "mới; tổ chức đảng trong sạch vững mạnh, đoàn thể vững mạnh xuất sắc). "
                        f"{COUNCIL} và kết quả bình xét của cụm, khối thi đua, đính kèm báo cáo thành tích"
                    ),
                },
                "co_cp": {
                    "reason": (
                        "Tiêu chuẩn Cờ thi đua của Chính phủ theo Luật Thi đua, khen thưởng 2022: không tìm thấy "
                        "nguồn; nguồn hiện có là Điều 25 Luật Thi đua, khen thưởng 2003 (tập thể tiêu biểu xuất "
                        f"sắc nhất của bộ, tỉnh). {COUNCIL}, đính kèm báo cáo thành tích"
                    ),
                },
                "bk_ttg": {
                    "collective_only": True,
                    "reason": (
                        "Tiêu chuẩn Bằng khen của Thủ tướng Chính phủ cho tập thể: không tìm thấy nguồn quy định "
                        "công khai (hệ thống chỉ có tiêu chuẩn cho cá nhân, điểm b khoản 1 Điều 73). "
                        f"{COUNCIL} Điều 73 Luật Thi đua, khen thưởng 2022, đính kèm báo cáo thành tích của tập thể"
                    ),
                },
            }
        },
        "note": (
            "DOMAIN.md §1.2, §1.3: tiêu chuẩn Cờ thi đua theo Luật 2022 chưa đối chiếu [UNVERIFIED], Cờ thi đua "
            "của Chính phủ chỉ có nguồn theo Luật 2003, Bằng khen Thủ tướng chỉ có tiêu chuẩn cho cá nhân: trả lời "
            "“chưa đủ dữ liệu” thay vì “đạt” chỉ vì các quy tắc chung đã đạt."
        ),
    }
]


seed, unseed = rule_seeding(RULES)


class Migration(migrations.Migration):
    dependencies = [("rules", "0008_unverified_collective_thresholds")]

    operations = [migrations.RunPython(seed, unseed)]
