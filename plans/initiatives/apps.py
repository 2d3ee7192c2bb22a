from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "plans.initiatives"
    label = "initiatives"
    verbose_name = "Sáng kiến kinh nghiệm"

    def ready(self):
        # Initiative documents are evidence files; this app decides who may download them.
        from plans.evidence.models import Evidence
        from plans.evidence.permissions import register_evidence_viewer
        from plans.initiatives.permissions import initiative_evidence_viewer

        register_evidence_viewer(Evidence.Kind.INITIATIVE, initiative_evidence_viewer)
