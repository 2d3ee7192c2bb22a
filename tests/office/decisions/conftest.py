from tests.factories.decisions import dossier_a, head, school_a_staff  # noqa: F401
