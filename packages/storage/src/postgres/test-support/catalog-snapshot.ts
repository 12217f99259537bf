import type pg from 'pg';

/**
 * Everything migration 1 creates in a schema, as sorted text: columns, indexes, constraints,
 * policies, triggers, functions and RLS flags. Two equal snapshots mean the same schema.
 */
export interface CatalogSnapshot {
  columns: string[];
  indexes: string[];
  constraints: string[];
  policies: string[];
  triggers: string[];
  functions: string[];
  rowSecurity: string[];
}

export async function catalogSnapshot(pool: pg.Pool, schema: string): Promise<CatalogSnapshot> {
  const lines = async (sql: string): Promise<string[]> => {
    const result = await pool.query<{ line: string }>(sql, [schema]);
    return result.rows.map((row) => row.line).sort();
  };
  return {
    columns:
      await lines(`select concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default) as line
      from information_schema.columns where table_schema = $1`),
    indexes: await lines(`select indexdef as line from pg_indexes where schemaname = $1`),
    constraints:
      await lines(`select concat_ws(' ', c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)) as line
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = $1`),
    policies: await lines(`select concat_ws(' ', tablename, policyname, cmd, qual, with_check) as line
      from pg_policies where schemaname = $1`),
    triggers: await lines(`select pg_get_triggerdef(t.oid) as line from pg_trigger t
      join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and not t.tgisinternal`),
    functions:
      await lines(`select concat_ws(' ', p.proname, pg_get_function_identity_arguments(p.oid), p.prosrc) as line
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $1`),
    rowSecurity: await lines(`select concat_ws(' ', c.relname, c.relrowsecurity) as line
      from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'`),
  };
}
