-- The tables of the shared schema (public) that school tables point to, made Citus reference
-- tables (a copy on every node), so that a school's schema can live on any worker and still join
-- them locally. This file is the one list: setup.sql runs it and
-- tests/infra/test_citus_readiness.py reads it, checking it against the real schema of a migrated
-- school (every public table a school table refers to is here; every table here refers only to
-- tables listed before it).
-- Run on the coordinator, after the coordinator is in the metadata (setup.sql).
SELECT create_reference_table('public.django_content_type');
SELECT create_reference_table('public.authorities_authority');
SELECT create_reference_table('public.auth_permission');
SELECT create_reference_table('public.auth_group');
SELECT create_reference_table('public.accounts_user');
SELECT create_reference_table('public.movements_movement');
