import type { ServerStatus } from './collect-status.js';

/** The status as a short report a person can scan. */
export function formatStatus(status: ServerStatus): string {
  const lines = [
    `exai ${status.version}, up ${formatDuration(status.uptime_seconds)}, Node.js ${process.version}` +
      (status.tool_profile !== undefined ? `, tool profile ${status.tool_profile}` : ''),
    status.store.reachable
      ? `Store: ${status.store.kind}, reachable (${status.store.latency_ms} ms)`
      : `Store: ${status.store.kind}, UNREACHABLE: ${status.store.error ?? 'no answer'}`,
    'Providers:',
    ...(status.providers.length === 0 ? ['  (none configured)'] : []),
    ...status.providers.map((provider) => {
      const where = provider.base_url !== undefined ? ` ${provider.base_url}` : '';
      const key =
        provider.api_key === 'missing' && provider.key_env !== undefined && provider.key_env.length > 0
          ? `key missing (set ${provider.key_env.join(' or ')})`
          : `key ${provider.api_key}`;
      return `  - ${provider.id}${where}: ${key}`;
    }),
  ];
  const unhealthy = status.circuits.filter((circuit) => circuit.state !== 'closed');
  lines.push(
    status.circuits.length === 0
      ? 'Circuits: none used yet'
      : `Circuits: ${status.circuits.length} (${unhealthy.length === 0 ? 'all closed' : `${unhealthy.length} not closed`})`,
    ...status.circuits.map(
      (circuit) =>
        `  - ${circuit.key}: ${circuit.state} (${circuit.failures} failures, ${circuit.successes} successes)`,
    ),
  );
  if (status.bulkheads.length > 0) {
    lines.push(
      'Bulkheads:',
      ...status.bulkheads.map(
        (bulkhead) =>
          `  - ${bulkhead.provider}: ${bulkhead.in_flight}/${bulkhead.max_concurrent} in flight, ` +
          `${bulkhead.queued}/${bulkhead.max_queue} queued`,
      ),
    );
  }
  lines.push(
    status.tool_load_errors.length === 0
      ? 'Tools: all loaded'
      : `Tools that failed to load:\n${status.tool_load_errors.map((error) => `  - ${error.name}: ${error.message}`).join('\n')}`,
  );
  return lines.join('\n');
}

function formatDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0
    ? `${hours} h ${minutes} min`
    : minutes > 0
      ? `${minutes} min ${seconds % 60} s`
      : `${seconds} s`;
}
