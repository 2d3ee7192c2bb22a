"""Accent- and case-insensitive search in SQL: "le quy don", "LÊ QUÝ ĐÔN" and a decomposed "Lê" typed
on a Mac all find "Lê Quý Đôn". Both sides go through public.f_unaccent (PostgreSQL's unaccent, which
also folds đ/Đ to d; created by office.core's migration 0001), and the typed words are NFC first.

`field__unaccent_icontains=words` is the lookup (registered on text columns by office.core's app);
`matching(words, *fields)` is the Q of "any of these columns contains the words"."""

from django.db.models import CharField, Q, TextField
from django.db.models.lookups import IContains

from office.core.text import single_spaced

MAX_SEARCH_LENGTH = 100


class UnaccentIContains(IContains):
    lookup_name = "unaccent_icontains"

    def process_lhs(self, compiler, connection, lhs=None):
        # Django casts by lookup name, and knows no cast for this one: the cast of icontains is ours.
        sql, params = super().process_lhs(compiler, connection, lhs)
        return f"public.f_unaccent(UPPER({sql}::text))", params

    def get_rhs_op(self, connection, rhs):
        # The pattern ('%words%', its own % and _ escaped by IContains) is folded the same way.
        return f"LIKE public.f_unaccent(UPPER({rhs}))"


def register_lookups() -> None:
    CharField.register_lookup(UnaccentIContains)
    TextField.register_lookup(UnaccentIContains)


def search_words(text) -> str:
    """What a search box sends, as searched: NFC, single-spaced, at most 100 characters."""
    return single_spaced(text)[:MAX_SEARCH_LENGTH]


def matching(words: str, *fields: str) -> Q:
    """Rows where any of `fields` contains `words`, ignoring accents and case."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__unaccent_icontains": words})
    return condition


def contains_sql(column: str, parameter: str) -> str:
    """The same test for hand-written SQL: `column` contains the pattern bound as %(parameter)s,
    whose value is like_pattern(words)."""
    return f"public.f_unaccent(UPPER({column}::text)) LIKE public.f_unaccent(UPPER(%({parameter})s))"


def like_pattern(words: str) -> str:
    """'%words%' with LIKE's own wildcards in `words` escaped, as Django's contains lookups do."""
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
