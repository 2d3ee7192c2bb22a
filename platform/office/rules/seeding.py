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


def patched(parameters: dict, note: str, patch: dict) -> tuple[dict, str]:
    """A record's parameters and note with `patch` applied: its parameters added, its note extended."""
    extra = patch.get("note", "")
    return {**parameters, **patch["parameters"]}, (f"{note} {extra}".strip() if extra else note)


def rule_patching(patches: list[dict]):
    """(apply, revert) for migrations.RunPython over `patches`, each naming one national record by its
    code and effective-from date: a more careful reading of the same law (a parameter added, a sentence
    added to the note), not a new version of it, so the record keeps its dates."""

    def records(apps, patch):
        RuleVersion = apps.get_model("rules", "RuleVersion")
        return RuleVersion.objects.filter(
            code=patch["code"], effective_from=patch["effective_from"], authority=None
        )

    def apply(apps, schema_editor):
        for patch in patches:
            for version in records(apps, patch):
                version.parameters, version.note = patched(version.parameters, version.note, patch)
                version.save(update_fields=["parameters", "note"])

    def revert(apps, schema_editor):
        for patch in patches:
            suffix = " " + patch.get("note", "")
            for version in records(apps, patch):
                version.parameters = {
                    k: v for k, v in version.parameters.items() if k not in patch["parameters"]
                }
                if patch.get("note") and version.note.endswith(suffix):
                    version.note = version.note[: -len(suffix)]
                version.save(update_fields=["parameters", "note"])

    return apply, revert
