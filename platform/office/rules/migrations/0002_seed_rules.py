"""The national rules of DOMAIN.md §7 that concern schools, as the first versions of the rule records.

The data is written out here, not imported from the app, so that this migration keeps doing what it
did on the day it was written; later changes of the law are new versions added by later migrations or
by an office. Where the law changed, two versions are seeded with their dates. Every threshold cited
here must be checked against the official text before an office relies on it (DOMAIN.md, Sources).
"""

from datetime import date

from django.db import migrations

from office.rules.seeding import rule_seeding

# Dates of the legal timeline (DOMAIN.md §0).
# NĐ 91/2017/NĐ-CP (signed 31/7/2017) took effect on 1/10/2017 — the date is the decree's own, not one
# DOMAIN.md records: check it before relying on a check dated in 2017.
OLD_REGIME_FROM = date(2017, 10, 1)
OLD_REGIME_TO = date(2023, 12, 31)
LAW_2022_FROM = date(2024, 1, 1)  # Luật TĐKT 06/2022/QH15 and NĐ 98/2023 in force
TT29_FROM = date(2024, 2, 15)  # Thông tư 29/2023/TT-BGDĐT in force
REFORM_FROM = date(2025, 7, 1)  # district level abolished; NĐ 129/2025 and NĐ 152/2025 in force
BEFORE_REFORM_TO = date(2025, 6, 30)
SINGLE_USE_FROM = date(2023, 11, 20)  # Công văn 3385/BTĐKT-P.II

INDIVIDUAL = ["ldtt", "cstdcs", "cstd_tinh", "cstd_tq", "giay_khen", "bk_tinh", "bk_bo", "bk_ttg", "knc_gd"]
WITH_INITIATIVES = ["cstdcs", "cstd_tinh", "cstd_tq", "bk_tinh", "bk_bo"]
NOMINATED = [
    "ldtt",
    "cstdcs",
    "cstd_tinh",
    "cstd_tq",
    "ttldtt",
    "ttldxs",
    "co_tinh",
    "co_cp",
    "giay_khen",
    "bk_tinh",
    "bk_bo",
    "bk_ttg",
]
ALL_TITLES = [*NOMINATED, "knc_gd"]

ROUTING_COMMON = {
    "ttldxs": ["chu_tich_ubnd_tinh"],
    "cstd_tinh": ["chu_tich_ubnd_tinh", "bo_truong"],
    "co_tinh": ["chu_tich_ubnd_tinh", "bo_truong"],
    "bk_tinh": ["chu_tich_ubnd_tinh"],
    "bk_bo": ["bo_truong"],
    "knc_gd": ["bo_truong"],
    "cstd_tq": ["thu_tuong"],
    "bk_ttg": ["thu_tuong"],
    "co_cp": ["thu_tuong"],
}
LOCAL_TITLES = ["ldtt", "cstdcs", "ttldtt", "giay_khen"]

RULES = [
    # 1. LĐTT — rating.
    {
        "code": "ldtt.rating",
        "position": 10,
        "titles": ["ldtt", "cstdcs"],
        "name": "Lao động tiên tiến: xếp loại từ Hoàn thành tốt nhiệm vụ trở lên",
        "article": "Điều 24 Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013); Nghị định 91/2017/NĐ-CP",
        "source_url": "https://dangbo-doanthe.hfic.vn/chi-tiet-bai-viet/449/100/Tin-Cong-doan/Nghi-40-ngay-lam-viec-tro-len-van-duoc-xet-Lao-dong-tien-tien-",
        "effective_from": OLD_REGIME_FROM,
        "effective_to": OLD_REGIME_TO,
        "parameters": {"min_rating": "htt"},
        "note": "Quy định trước Luật 2022, giữ để kiểm tra các năm cũ. Áp dụng cả cho CSTĐCS vì CSTĐCS phải đạt tiêu chuẩn LĐTT.",
    },
    {
        "code": "ldtt.rating",
        "position": 10,
        "titles": ["ldtt", "cstdcs"],
        "name": "Lao động tiên tiến: xếp loại từ Hoàn thành tốt nhiệm vụ trở lên",
        "article": "Điều 24 Luật Thi đua, khen thưởng 2022",
        "source_url": "https://amp.laodong.vn/giao-duc/tin-vui-tu-12024-giao-vien-khong-co-sang-kien-van-dat-chien-si-thi-dua-1283070.ldo",
        "effective_from": LAW_2022_FROM,
        "parameters": {"min_rating": "htt"},
        "note": "Áp dụng cả cho CSTĐCS vì CSTĐCS phải đạt tiêu chuẩn LĐTT (Điều 23). Mức độ tin cậy: trung bình.",
    },
    # 1. LĐTT — time since recruitment.
    {
        "code": "ldtt.employment",
        "position": 20,
        "titles": ["ldtt", "cstdcs"],
        "name": "Lao động tiên tiến: thời gian công tác từ khi tuyển dụng",
        "article": "Nghị định 91/2017/NĐ-CP (không xét người mới tuyển dụng dưới 10 tháng)",
        "source_url": "https://dangbo-doanthe.hfic.vn/chi-tiet-bai-viet/449/100/Tin-Cong-doan/Nghi-40-ngay-lam-viec-tro-len-van-duoc-xet-Lao-dong-tien-tien-",
        "effective_from": OLD_REGIME_FROM,
        "effective_to": OLD_REGIME_TO,
        "parameters": {"min_months_employed": 10},
        "note": "Quy định cũ: 10 tháng.",
    },
    {
        "code": "ldtt.employment",
        "position": 20,
        "titles": ["ldtt", "cstdcs"],
        "name": "Lao động tiên tiến: thời gian công tác từ khi tuyển dụng",
        "article": "Thông tư 01/2024/TT-BNV (không xét người mới tuyển dụng dưới 06 tháng)",
        "source_url": "https://laodongthudo.vn/khong-xet-lao-dong-tien-tien-voi-ca-nhan-moi-tuyen-dung-duoi-6-thang-166833.html",
        "effective_from": LAW_2022_FROM,
        "parameters": {"min_months_employed": 6},
        "note": "Thông tư 01/2024/TT-BNV ký ngày 24/02/2024 hướng dẫn Luật 2022 và NĐ 98/2023 (hiệu lực 01/01/2024); ngưỡng 6 tháng được áp dụng cho cả năm 2024. Thời gian đào tạo dưới 1 năm và thời gian điều trị do bị thương khi làm nhiệm vụ được tính là thời gian công tác.",
    },
    # 2. CSTĐCS — the basis beyond the LĐTT standard.
    {
        "code": "cstdcs.basis",
        "position": 30,
        "titles": ["cstdcs"],
        "name": "Chiến sĩ thi đua cơ sở: có sáng kiến hoặc đề tài khoa học",
        "article": "Điều 23 Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013); Nghị định 91/2017/NĐ-CP",
        "source_url": "https://amp.laodong.vn/giao-duc/tin-vui-tu-12024-giao-vien-khong-co-sang-kien-van-dat-chien-si-thi-dua-1283070.ldo",
        "effective_from": OLD_REGIME_FROM,
        "effective_to": OLD_REGIME_TO,
        "parameters": {"accepted_bases": ["initiative", "science_project"]},
        "note": "Trước 2024 sáng kiến (hoặc đề tài) là bắt buộc; hoàn thành xuất sắc nhiệm vụ không thay thế được.",
    },
    {
        "code": "cstdcs.basis",
        "position": 30,
        "titles": ["cstdcs"],
        "name": "Chiến sĩ thi đua cơ sở: hoàn thành xuất sắc nhiệm vụ, hoặc có sáng kiến, đề tài được công nhận",
        "article": "Điều 23 Luật Thi đua, khen thưởng 2022",
        "source_url": "https://quangninh.quangbinh.gov.vn/chi-tiet-tin/-/view-article/1/13842468030367/1658474164989",
        "effective_from": LAW_2022_FROM,
        "parameters": {"accepted_bases": ["excellent_rating", "initiative", "science_project"]},
        "note": "Từ 2024 sáng kiến không còn bắt buộc. Dự thảo sửa Luật (2025) có thể bắt buộc lại: khi đó chỉ cần thêm phiên bản mới với accepted_bases = initiative, science_project.",
    },
    # 2. CSTĐCS — optional cap as a share of the unit's LĐTT.
    {
        "code": "cstdcs.cap",
        "position": 40,
        "titles": ["cstdcs"],
        "name": "Chiến sĩ thi đua cơ sở: tỷ lệ tối đa so với số Lao động tiên tiến của đơn vị",
        "article": "Nghị định 91/2017/NĐ-CP (không quá 15% số LĐTT)",
        "source_url": "https://thuvienphapluat.vn/hoi-dap-phap-luat/45A9C-hd-tieu-chuan-de-xet-tang-danh-hieu-chien-si-thi-dua-co-so.html",
        "effective_from": OLD_REGIME_FROM,
        "effective_to": OLD_REGIME_TO,
        "parameters": {"cstdcs_cap_share": 0.15},
        "note": "Tỷ lệ 15% của quy định cũ.",
    },
    {
        "code": "cstdcs.cap",
        "position": 40,
        "titles": ["cstdcs"],
        "name": "Chiến sĩ thi đua cơ sở: tỷ lệ tối đa so với số Lao động tiên tiến của đơn vị",
        "article": "Luật Thi đua, khen thưởng 2022 và Nghị định 98/2023/NĐ-CP không quy định tỷ lệ; cơ quan quản lý có thể quy định",
        "source_url": "https://lawnet.vn/thong-tin-phap-luat/en/chinh-sach-moi/criteria-for-awarding-the-quot-grassroots-emulation-fighter-quot-title-148598.html",
        "effective_from": LAW_2022_FROM,
        "parameters": {"cstdcs_cap_share": None},
        "note": "Tắt theo mặc định (không tìm thấy tỷ lệ trong Luật 2022, NĐ 98, NĐ 152). Tỉnh, ngành có thể đặt tỷ lệ riêng (ví dụ 0,15) bằng một phiên bản điều chỉnh của cơ quan mình.",
    },
    # 3. CSTĐ cấp tỉnh (bộ, ngành).
    {
        "code": "cstd_tinh.basis",
        "position": 50,
        "titles": ["cstd_tinh"],
        "name": "Chiến sĩ thi đua cấp tỉnh: 3 lần liên tục CSTĐCS và sáng kiến có phạm vi ảnh hưởng cấp tỉnh",
        "article": "Điều 22 Luật Thi đua, khen thưởng 2022",
        "source_url": "https://stp.thuathienhue.gov.vn/?cn=184&gd=12&tc=9121",
        "effective_from": LAW_2022_FROM,
        "parameters": {"chain_title": "cstdcs", "consecutive_years": 3},
        "note": "Chuỗi năm liên tục tính qua mốc 01/7/2025: danh hiệu do UBND quận cấp năm 2024 và do UBND phường cấp năm 2025 nối tiếp nhau. Phạm vi sáng kiến yêu cầu: tham số required_scope của quy tắc initiative.validity.",
    },
    # 4. CSTĐ toàn quốc (rare in schools, but the chain rule is the same).
    {
        "code": "cstd_tq.basis",
        "position": 55,
        "titles": ["cstd_tq"],
        "name": "Chiến sĩ thi đua toàn quốc: 2 lần liên tục CSTĐ cấp tỉnh và sáng kiến có phạm vi toàn quốc",
        "article": "Điều 21 Luật Thi đua, khen thưởng 2022",
        "source_url": "https://lawnet.vn/en/laws/ca-nhan-phai-co-02-lan-lien-tuc-duoc-tang-danh-hieu-chien-si-thi-dua-bo-nganh-tinh-moi-duoc-nhan-da-22754.html",
        "effective_from": LAW_2022_FROM,
        "parameters": {"chain_title": "cstd_tinh", "consecutive_years": 2},
        "note": "",
    },
    # 5. TTLĐXS.
    {
        "code": "ttldxs.basis",
        "position": 60,
        "titles": ["ttldxs"],
        "name": "Tập thể lao động xuất sắc: 100% hoàn thành nhiệm vụ, từ 70% LĐTT, có CSTĐCS, hoàn thành xuất sắc nhiệm vụ",
        "article": "Điều 27 Luật Thi đua, khen thưởng 2022",
        "source_url": "https://stp.thuathienhue.gov.vn/?gd=12&cn=28&tc=9123",
        "effective_from": LAW_2022_FROM,
        "parameters": {
            "min_rating": "htxs",
            "min_completed_share": 1.0,
            "min_ldtt_share": 0.7,
            "share_strictly_greater": False,
            "min_cstdcs": 1,
            "member_discipline_from": None,
        },
        "note": "Luật cũ còn yêu cầu không có thành viên bị kỷ luật từ cảnh cáo trở lên; đoạn trích Luật 2022 không có, nên tham số member_discipline_from để trống.",
    },
    # 6. TTLĐTT.
    {
        "code": "ttldtt.basis",
        "position": 70,
        "titles": ["ttldtt"],
        "name": "Tập thể lao động tiên tiến: hoàn thành tốt nhiệm vụ, trên 50% LĐTT, không có thành viên bị kỷ luật từ cảnh cáo",
        "article": "Điều 28 Luật Thi đua, khen thưởng 2003",
        "source_url": "http://thiduakhenthuong.langson.gov.vn/en/hinhthucs/tap-lao-dong-tien-tien",
        "effective_from": OLD_REGIME_FROM,
        "effective_to": OLD_REGIME_TO,
        "parameters": {
            "min_rating": "htt",
            "min_ldtt_share": 0.5,
            "share_strictly_greater": True,
            "member_discipline_from": "canh_cao",
        },
        "note": "Luật cũ: trên 50% (không tính bằng) thành viên đạt LĐTT.",
    },
    {
        "code": "ttldtt.basis",
        "position": 70,
        "titles": ["ttldtt"],
        "name": "Tập thể lao động tiên tiến: hoàn thành tốt nhiệm vụ, từ 70% LĐTT, không có thành viên bị kỷ luật từ cảnh cáo",
        "article": "Điều 28 Luật Thi đua, khen thưởng 2022; Điều 6 Thông tư 29/2023/TT-BGDĐT",
        "source_url": "https://lawnet.vn/giao-duc/en/requirements-for-a-collective-to-achieve-the-title-of-advanced-labor-collective-in-the-education-sec-12699.html",
        "effective_from": LAW_2022_FROM,
        "parameters": {
            "min_ldtt_share": 0.7,
            "share_strictly_greater": False,
            "min_rating": "htt",
            "member_discipline_from": "canh_cao",
        },
        "note": "Dùng ngưỡng 70% theo tóm tắt Điều 6 Thông tư 29/2023/TT-BGDĐT và Điều 28 Luật 2022 (lawnet), vì đó là văn bản hướng dẫn riêng của ngành giáo dục đang có hiệu lực; ngưỡng 50% là của Luật 2003. Chưa đối chiếu được nguyên văn [UNVERIFIED]: nếu nguyên văn khác, cơ quan quản lý sửa tham số min_ldtt_share. Ngưỡng 70% chặt hơn nên không công nhận sai một tập thể chỉ đạt ngưỡng cũ.",
    },
    # 7. Bằng khen bộ/tỉnh, route d.
    {
        "code": "bk.route_d",
        "position": 80,
        "titles": ["bk_tinh", "bk_bo"],
        "name": "Bằng khen cấp bộ, tỉnh (điểm d): 2 năm liên tục CSTĐCS hoặc hoàn thành xuất sắc nhiệm vụ, và 2 sáng kiến chưa dùng",
        "article": "Điểm d khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022; hướng dẫn của Bộ Nội vụ",
        "source_url": "https://news.laodong.vn/thoi-su/bo-noi-vu-neu-tieu-chuan-tang-bang-khen-cua-bo-truong-1432533.ldo",
        "effective_from": LAW_2022_FROM,
        "parameters": {"consecutive_years": 2, "min_initiatives": 2},
        "note": "Bộ Nội vụ: 2 sáng kiến phải ngoài các sáng kiến đã dùng để xét CSTĐCS. Các trường hợp khác của Điều 74 và Điều 9 Thông tư 29/2023 (Bằng khen Bộ trưởng Bộ GDĐT) xét thủ công.",
    },
    # 8. Bằng khen Thủ tướng, route b.
    {
        "code": "bk_ttg.route_b",
        "position": 90,
        "titles": ["bk_ttg"],
        "name": "Bằng khen Thủ tướng (điểm b): đã có Bằng khen cấp bộ, tỉnh, 5 năm liên tục hoàn thành tốt nhiệm vụ, 3 lần CSTĐCS",
        "article": "Điểm b khoản 1 Điều 73 Luật Thi đua, khen thưởng 2022",
        "source_url": "https://news.laodong.vn/giao-duc/tieu-chuan-de-giao-vien-nhan-bang-khen-cua-thu-tuong-1400546.ldo",
        "effective_from": LAW_2022_FROM,
        "parameters": {"consecutive_years": 5, "min_rating": "htt", "min_cstdcs": 3},
        "note": "Bằng khen trước đó phải là khen thường xuyên: khen đột xuất, chuyên đề không làm căn cứ đề nghị khen công trạng (Điều 4 NĐ 98/2023).",
    },
    # 9. Initiative single use.
    {
        "code": "initiative.single_use",
        "position": 100,
        "titles": WITH_INITIATIVES,
        "name": "Mỗi sáng kiến chỉ được dùng một lần để xét một danh hiệu hoặc một hình thức khen thưởng",
        "article": "Công văn 5007/BNV-TĐKT; Công văn 3385/BTĐKT-P.II ngày 20/11/2023",
        "source_url": "https://lawnet.vn/thong-tin-phap-luat/en/chinh-sach-moi/the-ministry-of-home-affairs-to-provide-professional-guidance-on-emulation-and-commendation-work-in-vietnam-128659.html",
        "effective_from": SINGLE_USE_FROM,
        "parameters": {},
        "note": "",
    },
    # 10. Initiative validity and scope.
    {
        "code": "initiative.validity",
        "position": 110,
        "titles": WITH_INITIATIVES,
        "name": "Sáng kiến được công nhận, phạm vi ảnh hưởng đủ cấp danh hiệu, hình thức đề nghị",
        "article": "Điều 3 Nghị định 13/2012/NĐ-CP (Điều lệ Sáng kiến); khoản 4 Điều 3 Luật Thi đua, khen thưởng 2022",
        "source_url": "https://thuvienphapluat.vn/phap-luat/de-duoc-cong-nhan-sang-kien-co-tinh-moi-thi-chi-can-khong-trung-voi-noi-dung-cua-giai-phap-trong-do-667700-46189.html",
        "effective_from": LAW_2022_FROM,
        "parameters": {
            "required_scope": {
                "cstdcs": "co_so",
                "bk_tinh": "co_so",
                "bk_bo": "co_so",
                "cstd_tinh": "tinh",
                "cstd_tq": "toan_quoc",
            }
        },
        "note": "Tính mới, đã áp dụng có hiệu quả, không vi phạm: do Hội đồng sáng kiến xem xét khi công nhận; hệ thống kiểm tra việc công nhận và phạm vi. Tham số required_scope là nguồn duy nhất về phạm vi yêu cầu của mọi quy tắc.",
    },
    # 11. One achievement, one form.
    {
        "code": "common.one_achievement",
        "position": 120,
        "titles": NOMINATED,
        "name": "Một thành tích chỉ khen một hình thức, một lần",
        "article": "Điều 4 Nghị định 98/2023/NĐ-CP; nguyên tắc khen thưởng của Luật Thi đua, khen thưởng 2022",
        "source_url": "https://vietjack.me/phap-luat/luat-thi-dua-khen-thuong-2022/chuong-ii-761.html",
        "effective_from": LAW_2022_FROM,
        "parameters": {},
        "note": "Danh hiệu thi đua và hình thức khen thưởng được xét riêng; hai hình thức khen thưởng cho cùng một năm bị coi là khen hai lần một thành tích.",
    },
    # 12. Discipline.
    {
        "code": "common.discipline",
        "position": 130,
        "titles": INDIVIDUAL,
        "name": "Không khen thưởng người đang bị kỷ luật, xem xét kỷ luật, điều tra, thanh tra, giải quyết khiếu nại",
        "article": "Điều 4 Nghị định 98/2023/NĐ-CP",
        "source_url": "https://lawnet.vn/judgment/en/tin-tuc/the-latest-form-of-achievement-report-requesting-commendation-for-individuals-9658",
        "effective_from": LAW_2022_FROM,
        "parameters": {
            "blocking_kinds": ["discipline", "investigation", "complaint"],
            "count_from_discipline_end": True,
        },
        "note": "Người đã chấp hành xong kỷ luật: thành tích tính từ ngày hết thời hạn kỷ luật.",
    },
    # 13. Maternity leave.
    {
        "code": "common.maternity_leave",
        "position": 140,
        "titles": INDIVIDUAL,
        "name": "Thời gian nghỉ thai sản được tính để xét khen thưởng",
        "article": "Điều 4 Nghị định 98/2023/NĐ-CP",
        "source_url": "https://lawnet.vn/judgment/en/tin-tuc/the-latest-form-of-achievement-report-requesting-commendation-for-individuals-9658",
        "effective_from": LAW_2022_FROM,
        "parameters": {"counts_as_working_time": True},
        "note": "Chỉ hiện khi người được đề nghị có thời gian nghỉ thai sản trong năm học.",
    },
    # 15. Kỷ niệm chương "Vì sự nghiệp giáo dục".
    {
        "code": "knc.service_years",
        "position": 150,
        "titles": ["knc_gd"],
        "name": "Kỷ niệm chương “Vì sự nghiệp giáo dục”: đủ 20 năm công tác (15 năm nếu có từ 5 năm ở vùng đặc biệt khó khăn), chưa được tặng",
        "article": "Thông tư 29/2023/TT-BGDĐT",
        "source_url": "http://tintuc.thuvienphapluat.com/thong-bao-van-ban-moi/email/58621/tieu-chuan-xet-tang-ky-niem-chuong-vi-su-nghiep-giao-duc-tu-ngay-15-02-2024",
        "effective_from": TT29_FROM,
        "parameters": {
            "min_service_years": 20,
            "min_service_years_difficult": 15,
            "min_difficult_area_years": 5,
        },
        "note": "Áp dụng cho cả nam và nữ. Thời gian đi học, nghĩa vụ quân sự được tính; thời gian bị kỷ luật không tính. Chỉ tặng một lần.",
    },
    # 16. Dossier completeness.
    {
        "code": "dossier.completeness",
        "position": 160,
        "titles": NOMINATED,
        "name": "Hồ sơ đề nghị khen thưởng đủ thành phần",
        "article": "Điều 49, 50 Nghị định 91/2017/NĐ-CP (cấu trúc hồ sơ); Công văn 3385/BTĐKT-P.II",
        "source_url": "http://118.69.201.251:801/phap-luat/ho-so-de-nghi-xet-tang-danh-hieu-chien-si-thi-dua-co-so-gom-nhung-gi-muc-tien-thuong-la-bao-nhieu-67591-6038.html",
        "effective_from": LAW_2022_FROM,
        "parameters": {
            "documents": {
                "*": ["cover_letter", "minutes", "achievement_report"],
                "cstd_tq": ["secret_ballot"],
            },
            "initiative_certificate_for": ["cstdcs", "cstd_tinh", "cstd_tq"],
            "evidence_must_be_certified": True,
        },
        "note": "Số hiệu mẫu báo cáo theo NĐ 98/2023, NĐ 152/2025 chưa đối chiếu. Kết quả bỏ phiếu kín chỉ bắt buộc với CSTĐ toàn quốc; với các cấp CSTĐ khác chưa xác định [UNVERIFIED]. Văn bản công nhận sáng kiến chỉ cần khi đề nghị dựa trên sáng kiến.",
    },
    # 17. Authority routing by date.
    {
        "code": "routing.issuer",
        "position": 170,
        "titles": ALL_TITLES,
        "name": "Thẩm quyền quyết định khen thưởng theo thời điểm",
        "article": "Khoản 2 Điều 80 Luật Thi đua, khen thưởng 2022 (Chủ tịch UBND cấp huyện)",
        "source_url": "https://vi.wikisource.org/wiki/Trang:Cong_bao_Chinh_phu_571_572_nam_2022.pdf/56",
        "effective_from": LAW_2022_FROM,
        "effective_to": BEFORE_REFORM_TO,
        "parameters": {
            "issuer_levels": {
                **{title: ["chu_tich_ubnd_huyen", "giam_doc_so"] for title in LOCAL_TITLES},
                **ROUTING_COMMON,
            }
        },
        "note": "Trường mầm non, tiểu học, THCS do cấp huyện quản lý: LĐTT, CSTĐCS, TTLĐTT, Giấy khen do Chủ tịch UBND quận/huyện quyết định.",
    },
    {
        "code": "routing.issuer",
        "position": 170,
        "titles": ALL_TITLES,
        "name": "Thẩm quyền quyết định khen thưởng theo thời điểm",
        "article": "Nghị định 129/2025/NĐ-CP; khoản 1 Điều 80, điểm c khoản 1 Điều 75 Luật Thi đua, khen thưởng 2022",
        "source_url": "https://ja.congdoanvietnam.vn/tu-van-phap-luat/chu-tich-ubnd-xa-co-quyen-tang-danh-hieu-thon-to-dan-pho-van-hoa-tu-17-6851.tld",
        "effective_from": REFORM_FROM,
        "parameters": {
            "issuer_levels": {
                **{title: ["chu_tich_ubnd_xa", "giam_doc_so"] for title in LOCAL_TITLES},
                **ROUTING_COMMON,
            }
        },
        "note": "Từ 01/7/2025 không còn cấp huyện: Chủ tịch UBND xã/phường quyết định LĐTT, CSTĐCS, TTLĐTT, Giấy khen; Giám đốc Sở GDĐT đối với đơn vị thuộc Sở. TTLĐXS, CSTĐ cấp tỉnh, Bằng khen, Cờ thi đua của tỉnh do Chủ tịch UBND tỉnh/thành phố.",
    },
    # 18. Bonus calculator.
    {
        "code": "bonus.multipliers",
        "position": 180,
        "titles": ALL_TITLES,
        "name": "Mức tiền thưởng (hệ số × mức lương cơ sở)",
        "article": "Điều 58 Nghị định 98/2023/NĐ-CP",
        "source_url": "https://news.laodong.vn/giai-dap-phap-luat/muc-tien-thuong-voi-tap-the-nhan-giay-khen-cua-chu-tich-xa-1393178.ldo",
        "effective_from": LAW_2022_FROM,
        "effective_to": BEFORE_REFORM_TO,
        "parameters": {
            "multipliers": {"giay_khen": 0.15},
            "household_factor": None,
            "collective_form_factor": 2,
        },
        "note": "DOMAIN.md chỉ ghi hệ số Giấy khen cá nhân (0,15) và hệ số tập thể bằng 2 lần cá nhân của NĐ 98/2023; các hệ số khác của NĐ 98 chưa nhập, cần đối chiếu nguyên văn.",
    },
    {
        "code": "bonus.multipliers",
        "position": 180,
        "titles": ALL_TITLES,
        "name": "Mức tiền thưởng (hệ số × mức lương cơ sở)",
        "article": "Điều 54 Nghị định 152/2025/NĐ-CP",
        "source_url": "https://news.laodong.vn/thoi-su/muc-tien-thuong-voi-danh-hieu-lao-dong-tien-tien-sau-sap-nhap-1622713.ldo",
        "effective_from": REFORM_FROM,
        "parameters": {
            "multipliers": {
                "ldtt": 0.3,
                "cstdcs": 1,
                "cstd_tinh": 3,
                "cstd_tq": 4.5,
                "ttldtt": 0.8,
                "ttldxs": 1.5,
                "giay_khen": 0.3,
                "bk_tinh": 1.5,
                "bk_bo": 1.5,
                "bk_ttg": 3,
                "co_tinh": 8,
                "co_cp": 12,
            },
            "household_factor": 1.5,
            "collective_form_factor": None,
        },
        "note": "Hộ gia đình: 1,5 lần mức cá nhân. Hệ số tập thể đối với hình thức khen thưởng (Giấy khen, Bằng khen) theo NĐ 152/2025 chưa đối chiếu [UNVERIFIED], để trống; cơ quan quản lý cập nhật khi có nguyên văn.",
    },
]


seed_rules, unseed_rules = rule_seeding(RULES)


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]

    operations = [migrations.RunPython(seed_rules, unseed_rules)]
