"""The award decisions API on the office's host: list, detail, create, lines, record, resume. The same
services and rules as the pages; a decision outside the caller's offices answers 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from office.accounts.selectors import schools_under_offices_of
from office.authorities.models import Authority
from office.decisions import selectors, services
from office.decisions.models import Decision, DecisionDelivery, DecisionLine
from office.decisions.services import DecisionError
from office.rules.vocabulary import Title
from office.submissions.models import Submission
from tenants.models import School


class DecisionLineSerializer(serializers.ModelSerializer):
    school = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title_label = serializers.CharField(source="get_title_display", read_only=True)

    class Meta:
        model = DecisionLine
        fields = [
            "id",
            "school",
            "nomination_ref",
            "collective",
            "full_name",
            "position",
            "unit",
            "title",
            "title_label",
            "achievement",
            "submission",
            "outcome",
            "outcome_note",
        ]


class DecisionDeliverySerializer(serializers.ModelSerializer):
    school = serializers.SlugRelatedField(slug_field="code", read_only=True)
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = DecisionDelivery
        fields = [
            "school",
            "state",
            "lines_total",
            "lines_written",
            "lines_existing",
            "lines_failed",
            "percent",
            "attempts",
            "last_error",
            "finished_at",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    issuer = serializers.SlugRelatedField(slug_field="code", read_only=True)
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    line_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "office",
            "issuer",
            "issuer_name",
            "issuer_level",
            "number",
            "signed_on",
            "signer_title",
            "signer_name",
            "subject",
            "school_year",
            "state",
            "state_label",
            "line_count",
            "recorded_at",
        ]


class DecisionDetailSerializer(DecisionSerializer):
    deliveries = DecisionDeliverySerializer(many=True, read_only=True)

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "deliveries"]


class DecisionCreateSerializer(serializers.Serializer):
    issuer = serializers.SlugField(help_text="Mã cơ quan ban hành (đơn vị của bạn hoặc cấp trên)")
    number = serializers.CharField(max_length=64)
    signed_on = serializers.DateField()
    signer_title = serializers.CharField(max_length=255)
    signer_name = serializers.CharField(max_length=150)
    subject = serializers.CharField(max_length=500)
    school_year = serializers.CharField(max_length=9)


class NomineePickSerializer(serializers.Serializer):
    submission = serializers.IntegerField()
    nomination = serializers.IntegerField()


class LinesAddSerializer(serializers.Serializer):
    """Either dossiers (all their nominees, or the picked ones) or one line typed by hand."""

    submissions = serializers.ListField(child=serializers.IntegerField(), required=False)
    nominees = NomineePickSerializer(many=True, required=False)
    school = serializers.SlugField(required=False, help_text="Mã trường, cho một dòng nhập tay")
    collective = serializers.BooleanField(default=False)
    full_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    position = serializers.CharField(max_length=255, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=255, required=False, allow_blank=True)
    title = serializers.ChoiceField(choices=Title.choices, required=False)
    achievement = serializers.CharField(required=False, allow_blank=True)


class ResumeSerializer(serializers.Serializer):
    requeued = serializers.IntegerField()


class DecisionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    filterset_fields = ["state", "school_year"]

    def get_queryset(self):
        return selectors.decision_list(self.request.user)

    def get_serializer_class(self):
        return DecisionDetailSerializer if self.action == "retrieve" else DecisionSerializer

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionSerializer})
    def create(self, request, *args, **kwargs):
        data = DecisionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        issuer = Authority.objects.filter(code=fields.pop("issuer")).first()
        decision = services.create_decision(user=request.user, issuer=issuer, **fields)
        return Response(
            DecisionSerializer(self.get_queryset().get(pk=decision.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(methods=["get"], request=None, responses=DecisionLineSerializer(many=True))
    @extend_schema(
        methods=["post"], request=LinesAddSerializer, responses={201: DecisionLineSerializer(many=True)}
    )
    # The lines come whole, as a bare list: no page, and the document must not promise one.
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def lines(self, request, pk=None):
        decision = self.get_object()
        if request.method == "GET":
            return Response(DecisionLineSerializer(selectors.decision_lines(decision), many=True).data)
        data = LinesAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            if values.get("submissions") or values.get("nominees"):
                picks = [(n["submission"], n["nomination"]) for n in values.get("nominees", [])]
                ids = values.get("submissions") or sorted({s for s, _ in picks})
                added = services.add_lines_from_dossiers(
                    decision, user=request.user, submission_ids=ids, nominations=picks or None
                )
            elif values.get("school") and values.get("title"):
                school = schools_under_offices_of(request.user).filter(code=values["school"]).first()
                if school is None:
                    raise NotFound("Không tìm thấy trường.")
                added = [
                    services.add_line(
                        decision,
                        user=request.user,
                        school=school,
                        full_name=values.get("full_name", ""),
                        title=values["title"],
                        position=values.get("position", ""),
                        unit=values.get("unit", ""),
                        achievement=values.get("achievement", ""),
                        collective=values["collective"],
                    )
                ]
            else:
                raise DecisionError(
                    "Hãy gửi danh sách hồ sơ (submissions, nominees) hoặc trường và danh hiệu."
                )
        except (Submission.DoesNotExist, School.DoesNotExist):
            raise NotFound("Không tìm thấy.") from None
        return Response(DecisionLineSerializer(added, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DecisionDetailSerializer, summary="Ghi nhận quyết định đã ký")
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        decision = self.get_object()
        services.record_decision(decision, user=request.user)
        return Response(DecisionDetailSerializer(self.get_queryset().get(pk=decision.pk)).data)

    @extend_schema(
        request=None, responses=ResumeSerializer, summary="Tiếp tục chuyển về các trường chưa xong"
    )
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        decision = self.get_object()
        count = services.resume_delivery(decision, user=request.user)
        return Response({"requeued": count})
