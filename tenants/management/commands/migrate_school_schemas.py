from django.core.management.base import BaseCommand

from tenants.provisioning import migrate_all_schemas


class Command(BaseCommand):
    help = "Chạy migration cho lược đồ chung, lược đồ mẫu và lược đồ của từng trường."

    def handle(self, *args, **options):
        migrate_all_schemas(verbosity=options["verbosity"])
