from django.db import connection

from office.authorities.models import Authority


def authority_subtree_ids(authority: Authority) -> list[int]:
    """The authority and every authority below it, in one query whatever the depth."""
    table = Authority._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE subtree(id) AS (
                SELECT id FROM public.{table} WHERE id = %s
                UNION ALL
                SELECT a.id FROM public.{table} a JOIN subtree s ON a.parent_id = s.id
            )
            SELECT id FROM subtree
            """,  # noqa: S608 - the table name is the model's own, not input
            [authority.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def authority_chain(authority: Authority) -> list[Authority]:
    """The authority and those above it, nearest first: whose movements and rules reach a school."""
    chain, seen = [], set()
    while authority is not None and authority.pk not in seen:
        chain.append(authority)
        seen.add(authority.pk)
        authority = authority.parent
    return chain
