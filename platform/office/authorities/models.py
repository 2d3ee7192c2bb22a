from django.db import models


class Authority(models.Model):
    """A node of the tree of bodies above schools. Typed, dated and parented rather than a fixed
    "district office", because the 2025 reform abolished districts (DOMAIN.md §4)."""

    class Kind(models.TextChoices):
        CITY_PEOPLES_COMMITTEE = "ubnd_tinh", "UBND tỉnh/thành phố"
        CITY_DEPARTMENT = "so_gddt", "Sở Giáo dục và Đào tạo"
        DISTRICT_PEOPLES_COMMITTEE = "ubnd_quan", "UBND quận/huyện"
        DISTRICT_OFFICE = "phong_gddt", "Phòng Giáo dục và Đào tạo"
        WARD_PEOPLES_COMMITTEE = "ubnd_phuong", "UBND phường/xã"
        WARD_OFFICE = "phong_vhxh", "Phòng Văn hóa – Xã hội"

    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=64, blank=True)
    code = models.SlugField("mã", max_length=64, unique=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="cơ quan cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField("hoạt động từ", null=True, blank=True)
    valid_to = models.DateField("hoạt động đến", null=True, blank=True)

    class Meta:
        verbose_name = "cơ quan quản lý"
        verbose_name_plural = "cơ quan quản lý"
        ordering = ["name"]

    def __str__(self):
        return self.name
