import type { PoolClient } from 'pg';
import { PostgrestShimError } from './postgrest-shim-errors.js';

/** A function as the shim's lookup sees it: its input parameters and what it returns. */
export interface RpcFunction {
  schema: string;
  name: string;
  returnsSet: boolean;
  returnType: string;
  inputs: RpcParameter[];
  /** How many leading inputs have no default. */
  requiredCount: number;
}

interface RpcParameter {
  name: string;
  type: string;
  variadic: boolean;
}

interface FunctionRow {
  returnsSet: boolean;
  returnType: string;
  defaultCount: number;
  argumentNames: string[];
  argumentModes: string[];
  argumentTypes: string[];
}

const lookupSql = `
  select p.proretset as "returnsSet",
         format_type(p.prorettype, null) as "returnType",
         p.pronargdefaults as "defaultCount",
         coalesce(p.proargnames, array[]::text[]) as "argumentNames",
         coalesce(p.proargmodes::text[], array[]::text[]) as "argumentModes",
         array(select format_type(t.type_oid, null)
                 from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as t(type_oid, i)
                order by t.i) as "argumentTypes"
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'`;

/**
 * Finds the overload of `schema.name` callable with exactly these named arguments, the way
 * PostgREST matches a request to its schema cache: every given name is a parameter and every
 * parameter without a default is given. 404 (`PGRST202`) when none fits, 300 (`PGRST203`) when
 * several do.
 */
export async function findRpcFunction(
  client: PoolClient,
  schema: string,
  name: string,
  argumentNames: readonly string[],
): Promise<RpcFunction> {
  const { rows } = await client.query<FunctionRow>(lookupSql, [schema, name]);
  const given = new Set(argumentNames);
  const candidates = rows
    .map((row) => toRpcFunction(schema, name, row))
    .filter((fn): fn is RpcFunction => fn !== undefined)
    .filter(
      (fn) =>
        argumentNames.every((argument) => fn.inputs.some((input) => input.name === argument)) &&
        fn.inputs.slice(0, fn.requiredCount).every((input) => given.has(input.name)),
    );
  const signature = `${schema}.${name}(${[...argumentNames].sort().join(', ')})`;
  if (candidates.length === 0) {
    throw new PostgrestShimError(404, {
      code: 'PGRST202',
      message: `Could not find the function ${signature} in the schema cache`,
      details: 'Searched for the function with the given named parameters, but no matches were found.',
      hint: rows.length > 0 ? `${schema}.${name} exists but takes other parameters.` : null,
    });
  }
  if (candidates.length > 1) {
    throw new PostgrestShimError(300, {
      code: 'PGRST203',
      message: `Could not choose the best candidate function between the overloads of ${signature}`,
      hint: 'Rename the functions or give their parameters different names.',
    });
  }
  return candidates[0]!;
}

function toRpcFunction(schema: string, name: string, row: FunctionRow): RpcFunction | undefined {
  const inputs: RpcParameter[] = [];
  for (const [index, type] of row.argumentTypes.entries()) {
    const mode = row.argumentModes[index] ?? 'i';
    if (mode === 'o' || mode === 't') continue;
    const parameterName = row.argumentNames[index] ?? '';
    // A function with an unnamed input cannot be called with named arguments.
    if (parameterName === '') return undefined;
    inputs.push({ name: parameterName, type, variadic: mode === 'v' });
  }
  return {
    schema,
    name,
    returnsSet: row.returnsSet,
    returnType: row.returnType,
    inputs,
    requiredCount: inputs.length - row.defaultCount,
  };
}

/**
 * Calls the function with the given arguments, converted from JSON to the parameter types by
 * `json_to_record` as PostgREST does. Resolves to the response body as JSON text (`undefined`
 * for a `void` function): a set as an array, anything else as its `to_json`.
 */
export async function callRpcFunction(
  client: PoolClient,
  fn: RpcFunction,
  argumentsObject: Record<string, unknown>,
): Promise<string | undefined> {
  const provided = fn.inputs.filter((input) => Object.hasOwn(argumentsObject, input.name));
  const callArguments = provided
    .map(
      (input) =>
        `${input.variadic ? 'variadic ' : ''}${quoteIdent(input.name)} := a.${quoteIdent(input.name)}`,
    )
    .join(', ');
  const call = `${quoteIdent(fn.schema)}.${quoteIdent(fn.name)}(${callArguments})`;
  const recordSource =
    provided.length === 0
      ? undefined
      : `json_to_record($1::json) as a(${provided.map((input) => `${quoteIdent(input.name)} ${input.type}`).join(', ')})`;
  const parameters = provided.length === 0 ? [] : [JSON.stringify(argumentsObject)];

  let sql: string;
  if (fn.returnsSet) {
    const from =
      recordSource === undefined ? `${call} as r` : `${recordSource} cross join lateral ${call} as r`;
    sql = `select coalesce(json_agg(r), '[]'::json)::text as body from ${from}`;
  } else if (fn.returnType === 'void') {
    sql = `select ${call}${recordSource === undefined ? '' : ` from ${recordSource}`}`;
  } else {
    sql = `select to_json(${call})::text as body${recordSource === undefined ? '' : ` from ${recordSource}`}`;
  }
  const { rows } = await client.query<{ body: string | null }>(sql, parameters);
  if (fn.returnType === 'void' && !fn.returnsSet) return undefined;
  return rows[0]?.body ?? 'null';
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
