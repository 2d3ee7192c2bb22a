-- A new Citus cluster for the platform, run once on the coordinator as the database owner, in the
-- platform's database, after `migrate_school_schemas` has run against it:
--   psql -v ON_ERROR_STOP=1 -v coordinator=citus-coordinator -v workers="'citus-worker-1','citus-worker-2'" \
--        -d tdkt -f infra/citus/setup.sql
-- (the worker names are the hosts the nodes use to reach each other, port 5432). The citus extension
-- is already created on every node (RUNBOOK.md, step 1).
-- The coordinator in the metadata: public tables that refer to reference tables (schools, users'
-- memberships...) then become Citus local tables on it, keeping their foreign keys.
SELECT citus_set_coordinator_host(:'coordinator', 5432);

SELECT format('SELECT citus_add_node(%L, 5432)', w)
FROM unnest(ARRAY[:workers]::text[]) AS w
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_node AS n WHERE n.nodename = w)
\gexec

\ir reference_tables.sql
\ir distribute_schools.sql
