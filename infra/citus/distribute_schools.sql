-- Every school's schema becomes a distributed schema (one colocation group, placed on a worker and
-- moved by the rebalancer); schools created later are distributed at creation, since the database
-- turns on schema-based sharding for every new schema. The shared schema and the school template
-- stay on the coordinator. Run on the coordinator after reference_tables.sql:
--   psql -v ON_ERROR_STOP=1 -d tdkt -f infra/citus/distribute_schools.sql
SELECT format('ALTER DATABASE %I SET citus.enable_schema_based_sharding TO on', current_database())
\gexec

SELECT format('SELECT citus_schema_distribute(%L)', s.schema_name)
FROM public.tenants_school AS s
WHERE NOT EXISTS (
    SELECT 1 FROM pg_dist_schema AS d WHERE d.schemaid = to_regnamespace(s.schema_name)
)
ORDER BY s.schema_name
\gexec
