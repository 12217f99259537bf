/** RPC functions a signed-in user (`authenticated`, with a `tenant_id` claim) may call: its own tenant's data. */
export const userRpcFunctions = [
  'exai_get_tenant',
  'exai_create_thread',
  'exai_get_thread',
  'exai_list_threads',
  'exai_delete_thread',
  'exai_append_turn',
  'exai_list_turns',
  'exai_get_workflow_state',
  'exai_put_workflow_state',
  'exai_get_file_record',
  'exai_delete_file_record',
  'exai_list_file_records',
  'exai_list_usage',
  'exai_summarize_usage',
  'exai_list_audit',
  'exai_ping',
] as const;

/**
 * RPC functions a signed-in user must not call, so only the service role may: writes a user could
 * abuse (usage a budget counts, audit events, file records and their reference counts).
 */
export const serviceOnlyWriteRpcFunctions = [
  'exai_put_file_record',
  'exai_adjust_file_references',
  'exai_record_usage',
  'exai_append_audit',
] as const;

/** RPC functions only the service role may call: tenants, API keys, work across tenants, trusted writes. */
export const serviceRpcFunctions = [
  ...serviceOnlyWriteRpcFunctions,
  'exai_create_tenant',
  'exai_list_tenants',
  'exai_create_api_key',
  'exai_find_api_key_by_hash',
  'exai_list_api_keys',
  'exai_revoke_api_key',
  'exai_expire',
  'exai_export_records',
  'exai_import_records',
] as const;

/**
 * The functions of migration 2, whose SQL (grants included) is built from the lists above: those
 * lists are part of that migration's checksum, so a function added later goes in a list of its own.
 */
export const migration2RpcFunctions = [...userRpcFunctions, ...serviceRpcFunctions] as const;

/** Functions of migration 3, for the service role only: `exai_commit_turn` writes usage and audit. */
export const commitTurnRpcFunctions = ['exai_commit_turn'] as const;

/** Functions of migration 4 a signed-in user may call: its own tenant's tasks and stream events. */
export const taskUserRpcFunctions = [
  'exai_create_task',
  'exai_get_task',
  'exai_update_task',
  'exai_list_tasks',
  'exai_append_stream_event',
  'exai_replay_stream_events',
] as const;

/** Functions of migration 4 for the service role only: work across tenants. */
export const taskServiceRpcFunctions = [
  'exai_expire_tasks_and_events',
  'exai_export_task_records',
  'exai_import_task_records',
] as const;

/** Functions of migration 4: tasks and stream events. */
export const taskRpcFunctions = [...taskUserRpcFunctions, ...taskServiceRpcFunctions] as const;

/** Functions of migration 6, for the service role only: deleting a tenant's data, and retention. */
export const tenantDataRpcFunctions = [
  'exai_count_tenant_data',
  'exai_delete_tenant_data',
  'exai_prune',
] as const;
/** Functions of migration 5, for the service role only: `exai_mark_api_keys_used` writes across tenants. */
export const apiKeyUseRpcFunctions = ['exai_mark_api_keys_used'] as const;

/** Every function of the RPC API. */
export const rpcFunctions = [
  ...migration2RpcFunctions,
  ...commitTurnRpcFunctions,
  ...taskRpcFunctions,
  ...apiKeyUseRpcFunctions,
  ...tenantDataRpcFunctions,
] as const;

export type RpcFunctionName = (typeof rpcFunctions)[number];

/** The tables of migration 1 (and the migration driver's own), whose privileges stay closed to API roles. */
export const storeTables = [
  'tenants',
  'api_keys',
  'threads',
  'turns',
  'workflow_states',
  'files',
  'usage_records',
  'audit_events',
] as const;

export const sqlList = (names: readonly string[]): string => names.map((name) => `'${name}'`).join(', ');
