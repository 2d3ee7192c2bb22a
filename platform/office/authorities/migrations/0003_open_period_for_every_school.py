from django.db import migrations


def open_periods(apps, schema_editor):
    """Every school gets its first period at the authority it has today, from the day that authority
    came into being (unknown when the authority has no start date)."""
    School = apps.get_model("tenants", "School")
    Period = apps.get_model("authorities", "SchoolAuthorityPeriod")
    Period.objects.bulk_create(
        Period(school=school, authority=school.authority, valid_from=school.authority.valid_from)
        for school in School.objects.select_related("authority").filter(authority_periods__isnull=True)
    )


class Migration(migrations.Migration):
    dependencies = [("authorities", "0002_schoolauthorityperiod")]

    operations = [migrations.RunPython(open_periods, migrations.RunPython.noop)]
