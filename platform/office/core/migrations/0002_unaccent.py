"""Accent-insensitive search (office.core.search): the unaccent extension in the public schema, and
an IMMUTABLE wrapper so an index can be built on it later (unaccent() itself is only STABLE: its
dictionary could change). The wrapper names the dictionary with its schema, so it answers the same
from a school's search_path ("school, public") as from the office's."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE OR REPLACE FUNCTION public.f_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""

DROP = "DROP FUNCTION IF EXISTS public.f_unaccent(text);"


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunSQL(CREATE, DROP)]
