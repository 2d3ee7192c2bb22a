"""An import job over the API: a workbook posted to an import action is answered 202 with the job's
address (plans.staff.api); a GET on it tells how far the reading is and, once it ended, what was
saved or every bad cell. A job is its uploader's alone: anyone else gets 404."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from plans.imports.selectors import jobs_of
from plans.imports.serializers import ImportJobSerializer


@extend_schema_view(retrieve=extend_schema(summary="Tình trạng một lượt nhập tệp của chính mình"))
class ImportJobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ImportJobSerializer

    def get_queryset(self):
        return jobs_of(self.request.user)
