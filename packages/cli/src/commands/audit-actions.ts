/**
 * The actions exai itself records in the audit log (docs/audit.md lists them, with who records
 * each), besides `tool.<tool>`: the record a tool stores with a model turn of a conversation. A
 * program using the stores can record other actions; `exai audit --action` finds those too.
 */
export const recordedAuditActions = [
  'tool.call',
  'thread.delete',
  'tenant.delete',
  'api-key.create',
  'api-key.revoke',
  'store.migrate.up',
  'store.migrate.down',
  'store.restore',
  'store.gc',
] as const;

/** Whether exai records `action`: one of `recordedAuditActions`, or `tool.` and a tool's name. */
export function isRecordedAuditAction(action: string, toolNames: readonly string[]): boolean {
  if ((recordedAuditActions as readonly string[]).includes(action)) return true;
  return action.startsWith('tool.') && toolNames.includes(action.slice('tool.'.length));
}

/** The sentence `exai audit --action` prints for an action exai does not record and no record has. */
export function describeUnknownAuditAction(action: string, toolNames: readonly string[]): string {
  const examples = toolNames.slice(0, 3).map((name) => `tool.${name}`);
  return (
    `no audit record has the action ${JSON.stringify(action)}, and it is not one exai records. ` +
    `The actions are: ${recordedAuditActions.join(', ')}, and tool.<tool> for a model turn a tool ` +
    `stored (${examples.join(', ')}, …; exai tools lists the tools). Run exai audit --action with one of them.`
  );
}
