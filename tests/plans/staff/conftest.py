"""The office's decision fixtures, for the school side of a decision's delivery."""

from tests.factories.decisions import dossier_a, head, school_a_staff  # noqa: F401
