from tests.office.decisions.decision_fixtures import dossier_a, head, school_a_staff  # noqa: F401
