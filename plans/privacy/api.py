"""The reads of my data over the API (on the school's host, its members only)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from office.audit.models import PersonalDataRead
from plans.privacy.selectors import reads_about
from plans.staff.selectors import staff_of_account


class PersonalDataReadSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PersonalDataRead
        fields = [
            "id",
            "at",
            "reader_name",
            "reader_role",
            "organisation",
            "kind",
            "kind_label",
            "object_label",
            "count",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "reader_name": {"help_text": "Họ tên người đã xem, như lúc xem."},
            "reader_role": {"help_text": "Vai trò của người xem trong trường hoặc cơ quan quản lý."},
            "organisation": {"help_text": "Trường hoặc cơ quan của người xem."},
            "kind": {"help_text": "record, status_periods, evidence, register, dossier, export."},
            "object_label": {"help_text": "Hồ sơ, tệp hoặc danh sách đã xem."},
            "count": {"help_text": "Số người có dữ liệu trong cùng lượt xem (một danh sách)."},
        }


@extend_schema_view(list=extend_schema(summary="Ai đã xem dữ liệu cá nhân của tôi (mới nhất trước)"))
class MyDataReadViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = PersonalDataReadSerializer

    def get_queryset(self):
        me = staff_of_account(self.request.user)
        return reads_about(me) if me is not None else PersonalDataRead.objects.none()
