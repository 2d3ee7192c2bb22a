"""The words of the law that every part of the platform shares: titles and forms, civil-servant
ratings, scopes of an initiative, discipline levels (DOMAIN.md §1–§2). Codes are stable; what users
read is the label."""

from django.db import models


class Title(models.TextChoices):
    """Emulation titles (danh hiệu thi đua) and commendation forms (hình thức khen thưởng)."""

    LDTT = "ldtt", "Lao động tiên tiến"
    CSTDCS = "cstdcs", "Chiến sĩ thi đua cơ sở"
    CSTD_TINH = "cstd_tinh", "Chiến sĩ thi đua cấp tỉnh (bộ, ngành)"
    CSTD_TOAN_QUOC = "cstd_tq", "Chiến sĩ thi đua toàn quốc"
    TTLDTT = "ttldtt", "Tập thể lao động tiên tiến"
    TTLDXS = "ttldxs", "Tập thể lao động xuất sắc"
    CO_TINH = "co_tinh", "Cờ thi đua cấp tỉnh (bộ, ngành)"
    CO_CHINH_PHU = "co_cp", "Cờ thi đua của Chính phủ"
    GIAY_KHEN = "giay_khen", "Giấy khen"
    BANG_KHEN_TINH = "bk_tinh", "Bằng khen của Chủ tịch UBND tỉnh/thành phố"
    BANG_KHEN_BO = "bk_bo", "Bằng khen của Bộ trưởng Bộ GDĐT"
    BANG_KHEN_TTG = "bk_ttg", "Bằng khen của Thủ tướng Chính phủ"
    KNC_GIAO_DUC = "knc_gd", "Kỷ niệm chương “Vì sự nghiệp giáo dục”"


INDIVIDUAL_TITLES = frozenset(
    {
        Title.LDTT,
        Title.CSTDCS,
        Title.CSTD_TINH,
        Title.CSTD_TOAN_QUOC,
        Title.GIAY_KHEN,
        Title.BANG_KHEN_TINH,
        Title.BANG_KHEN_BO,
        Title.BANG_KHEN_TTG,
        Title.KNC_GIAO_DUC,
    }
)
COLLECTIVE_TITLES = frozenset(
    {
        Title.TTLDTT,
        Title.TTLDXS,
        Title.CO_TINH,
        Title.CO_CHINH_PHU,
        Title.GIAY_KHEN,
        Title.BANG_KHEN_TINH,
        Title.BANG_KHEN_BO,
        Title.BANG_KHEN_TTG,
    }
)
# Danh hiệu (annual titles) as opposed to hình thức (forms); the law treats them apart.
EMULATION_TITLES = frozenset(
    {
        Title.LDTT,
        Title.CSTDCS,
        Title.CSTD_TINH,
        Title.CSTD_TOAN_QUOC,
        Title.TTLDTT,
        Title.TTLDXS,
        Title.CO_TINH,
        Title.CO_CHINH_PHU,
    }
)


class Rating(models.TextChoices):
    """Annual rating of a civil servant (đánh giá, xếp loại viên chức)."""

    EXCELLENT = "htxs", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "htt", "Hoàn thành tốt nhiệm vụ"
    COMPLETED = "ht", "Hoàn thành nhiệm vụ"
    NOT_COMPLETED = "kht", "Không hoàn thành nhiệm vụ"


# Best first, so "at least good" is an index comparison.
RATING_ORDER = (Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED, Rating.NOT_COMPLETED)


class Scope(models.TextChoices):
    """How far an initiative's effect was recognised (phạm vi ảnh hưởng)."""

    SCHOOL = "co_so", "Cấp cơ sở"
    DISTRICT = "huyen", "Cấp huyện / phường"
    PROVINCE = "tinh", "Cấp tỉnh / thành phố (bộ, ngành)"
    NATIONAL = "toan_quoc", "Toàn quốc"


SCOPE_ORDER = (Scope.SCHOOL, Scope.DISTRICT, Scope.PROVINCE, Scope.NATIONAL)


class DisciplineLevel(models.TextChoices):
    REPRIMAND = "khien_trach", "Khiển trách"
    WARNING = "canh_cao", "Cảnh cáo"
    DEMOTION = "ha_bac_luong", "Hạ bậc lương"
    DISMISSAL_FROM_POST = "cach_chuc", "Cách chức"
    DISMISSAL = "buoc_thoi_viec", "Buộc thôi việc"


DISCIPLINE_ORDER = tuple(DisciplineLevel)
