from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "office.clusters"
    label = "clusters"
    verbose_name = "Cụm thi đua"

    def ready(self):
        from office.clusters import signals

        signals.connect()
