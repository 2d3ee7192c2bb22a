from django.apps import AppConfig


class ExamplesConfig(AppConfig):
    name = "plans.examples"
    label = "examples"
    verbose_name = "Gương điển hình tiên tiến"

    def ready(self):
        # Photos and documents of an example are evidence files; this app decides who may download them.
        from plans.evidence.models import Evidence
        from plans.evidence.permissions import register_evidence_viewer
        from plans.examples.permissions import example_evidence_viewer

        register_evidence_viewer(Evidence.Kind.EXAMPLE, example_evidence_viewer)
