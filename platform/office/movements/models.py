from django.db import models


class Movement(models.Model):
    """An emulation movement, campaign or drive launched by an authority; school plans link to it."""

    class Kind(models.TextChoices):
        REGULAR = "thuong_xuyen", "Thi đua thường xuyên"
        DRIVE = "theo_dot", "Thi đua theo đợt"
        THEMATIC = "chuyen_de", "Thi đua theo chuyên đề"
        CAMPAIGN = "cuoc_van_dong", "Cuộc vận động"

    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name="cơ quan phát động",
        on_delete=models.PROTECT,
        related_name="movements",
    )
    name = models.CharField("tên phong trào", max_length=500)
    kind = models.CharField("hình thức", max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    starts_on = models.DateField("từ ngày", null=True, blank=True)
    ends_on = models.DateField("đến ngày", null=True, blank=True)
    description = models.TextField("nội dung, tiêu chí", blank=True)

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"
        ordering = ["name"]

    def __str__(self):
        return self.name
