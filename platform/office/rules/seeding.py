"""How the rules migrations write the national rule records they carry (authority empty): each record
created or brought up to date by its code and effective-from date, and removed the same way when the
migration is reversed. Only the historical model the migration passes is used, so an old migration
keeps working whatever the model becomes."""


def rule_seeding(records: list[dict]):
    """(seed, unseed) for migrations.RunPython over `records`."""

    def seed(apps, schema_editor):
        RuleVersion = apps.get_model("rules", "RuleVersion")
        for record in records:
            RuleVersion.objects.update_or_create(
                code=record["code"],
                effective_from=record["effective_from"],
                authority=None,
                defaults={k: v for k, v in record.items() if k not in ("code", "effective_from")},
            )

    def unseed(apps, schema_editor):
        RuleVersion = apps.get_model("rules", "RuleVersion")
        for record in records:
            RuleVersion.objects.filter(
                code=record["code"], effective_from=record["effective_from"], authority=None
            ).delete()

    return seed, unseed
