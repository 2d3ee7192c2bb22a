"""GET /api/v1/clusters/<id>/comparison/ (office host): the comparison page's figures, under the same
access rule (404 outside it)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import cluster_comparison, visible_cluster_or_404


def _points(**kwargs):
    return serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=False, **kwargs)


class ComparisonClusterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    school_year = serializers.CharField()
    authority = serializers.CharField(source="authority.name")
    leader = serializers.CharField(source="leader.name", allow_null=True, default=None)


class ComparisonRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    stage = serializers.CharField()
    stage_label = serializers.CharField()
    published = serializers.BooleanField(help_text="Đã công bố xếp hạng (hoặc đã khoá sau khi công bố).")
    published_at = serializers.DateTimeField(allow_null=True)


class ComparisonGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    max_points = _points(
        allow_null=True, help_text="Tổng điểm tối đa các tiêu chí (không kể điểm thưởng, trừ)."
    )


class ComparisonSchoolSerializer(serializers.Serializer):
    school = serializers.CharField(source="code", help_text="Mã trường.")
    name = serializers.CharField()
    is_leader = serializers.BooleanField(help_text="Trường cụm trưởng.")
    has_result = serializers.BooleanField(help_text="Trường đã có kết quả trong đợt chấm này.")
    final_total = _points(allow_null=True)
    group_totals = serializers.ListField(
        child=_points(allow_null=True), help_text="Điểm theo nhóm tiêu chí, theo thứ tự của `groups`."
    )
    rank = serializers.IntegerField(allow_null=True)
    proposal = serializers.CharField(help_text="co_thi_dua, bang_khen hoặc rỗng.")
    proposal_label = serializers.CharField()


class ComparisonHistorySchoolSerializer(serializers.Serializer):
    school = serializers.CharField(source="code")
    name = serializers.CharField()
    totals = serializers.ListField(child=_points(allow_null=True), help_text="Theo thứ tự của `years`.")
    ranks = serializers.ListField(child=serializers.IntegerField(allow_null=True))


class ComparisonHistorySerializer(serializers.Serializer):
    years = serializers.ListField(child=serializers.CharField())
    schools = ComparisonHistorySchoolSerializer(many=True)


class ClusterComparisonSerializer(serializers.Serializer):
    cluster = ComparisonClusterSerializer()
    rounds = ComparisonRoundSerializer(many=True)
    round = ComparisonRoundSerializer(allow_null=True, help_text="Đợt chấm được so sánh.")
    groups = ComparisonGroupSerializer(many=True)
    schools = ComparisonSchoolSerializer(many=True, source="rows")
    year_over_year = ComparisonHistorySerializer(
        source="history",
        help_text="Tổng điểm của các trường trong cụm qua các năm học: mỗi năm trước lấy đợt chấm đã công bố "
        "gần nhất của cụm mà trường tham gia; năm hiện tại lấy đợt chấm được so sánh.",
    )


class ClusterComparisonView(APIView):
    """The schools of a cluster side by side in one scoring round, and year over year. The cluster leader
    (a grant on the cluster) and the office staff of the cluster's authority see it; anyone else gets 404."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "round",
                int,
                description="Mã đợt chấm; mặc định đợt đã công bố gần nhất, nếu chưa có thì đợt mới nhất.",
            )
        ],
        responses=ClusterComparisonSerializer,
    )
    def get(self, request, cluster_id):
        cluster = visible_cluster_or_404(request.user, cluster_id)
        comparison = cluster_comparison(cluster, round_id=request.query_params.get("round"))
        return Response(ClusterComparisonSerializer(comparison).data)
