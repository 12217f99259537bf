/* global document */
// Renders a snapshot into the page. Every value goes in through textContent, never as HTML:
// thread titles and arguments come from callers.

const numberFormat = new Intl.NumberFormat('en-US');

export const format = {
  count: (value) => (value === undefined || value === null ? '–' : numberFormat.format(value)),
  rate: (value) => (value === undefined ? '–' : value >= 10 ? value.toFixed(1) : value.toFixed(2)),
  percent: (value) =>
    value === undefined ? '–' : `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`,
  ms: (value) =>
    value === undefined || value === null
      ? '–'
      : value >= 10_000
        ? `${(value / 1000).toFixed(1)} s`
        : `${value} ms`,
  usd: (value) =>
    value === undefined ? '–' : value > 0 && value < 0.01 ? `$${value.toFixed(5)}` : `$${value.toFixed(2)}`,
  time: (iso) => new Date(iso).toLocaleTimeString([], { hour12: false }),
  duration: (ms) => (ms >= 3_600_000 ? `${Math.round(ms / 3_600_000)} h` : `${Math.round(ms / 60_000)} min`),
};

function cell(row, column) {
  const td = document.createElement('td');
  td.dataset.col = column.key;
  const value = column.value(row);
  td.textContent = value;
  if (column.number) td.className = 'number';
  if (column.className) td.className = column.className;
  if (column.title) td.title = column.title(row);
  if (column.attribute) td.setAttribute(column.attribute[0], column.attribute[1](row));
  return td;
}

/** Fills `table` with a header from `columns` and one row per item (`data-name` = its key). */
export function renderTable(table, columns, rows, { key = (row) => row.name, empty = 'Nothing yet' } = {}) {
  if (table.tHead === null) {
    const head = table.createTHead().insertRow();
    for (const column of columns) {
      const th = document.createElement('th');
      th.textContent = column.label;
      if (column.number) th.className = 'number';
      head.append(th);
    }
  }
  const body = document.createElement('tbody');
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.name = key(row);
    for (const column of columns) tr.append(cell(row, column));
  }
  if (rows.length === 0) {
    const td = body.insertRow().insertCell();
    td.colSpan = columns.length;
    td.className = 'empty';
    td.textContent = empty;
  }
  for (const old of table.tBodies) old.remove();
  table.append(body);
}

const latencyColumns = [
  { key: 'calls', label: 'Calls', number: true, value: (row) => format.count(row.calls) },
  { key: 'errors', label: 'Errors', number: true, value: (row) => format.count(row.errors) },
  {
    key: 'errorRate',
    label: 'Error rate',
    number: true,
    value: (row) => format.percent(row.calls === 0 ? undefined : row.errors / row.calls),
  },
  { key: 'p50', label: 'p50', number: true, value: (row) => format.ms(row.p50InMs) },
  { key: 'p95', label: 'p95', number: true, value: (row) => format.ms(row.p95InMs) },
];

const spendColumns = (label) => [
  { key: 'name', label, value: (row) => row.name },
  { key: 'calls', label: 'Model calls', number: true, value: (row) => format.count(row.calls) },
  { key: 'inputTokens', label: 'Tokens in', number: true, value: (row) => format.count(row.inputTokens) },
  { key: 'outputTokens', label: 'Tokens out', number: true, value: (row) => format.count(row.outputTokens) },
  {
    key: 'cost',
    label: 'Cost',
    number: true,
    value: (row) => format.usd(row.costInUsd) + (row.unpriced > 0 ? ` (+${row.unpriced} unpriced)` : ''),
  },
];

function setTile(name, text, level) {
  const tile = document.querySelector(`[data-tile="${name}"]`);
  tile.querySelector('strong').textContent = text;
  if (level === undefined) delete tile.dataset.level;
  else tile.dataset.level = level;
  return tile;
}

/** Updates every tile and table from one snapshot. */
export function renderSnapshot(snapshot) {
  const { totals } = snapshot;
  const live = snapshot.source === 'daemon';
  const windowText = `last ${format.duration(snapshot.windowInMs)}`;
  for (const small of document.querySelectorAll('[data-window]')) small.textContent = windowText;
  document.getElementById('window').textContent = `tables: ${windowText}`;
  setTile('callsPerSecond', format.rate(totals.callsPerSecond));
  setTile('calls', format.count(totals.calls));
  setTile('errorRate', format.percent(totals.errorRate), totals.errorRate >= 0.05 ? 'bad' : undefined);
  setTile('p50', format.ms(totals.p50InMs));
  setTile('p95', format.ms(totals.p95InMs));
  const inFlight = setTile('inFlight', live ? format.count(totals.inFlight) : 'n/a');
  inFlight.querySelector('b').textContent = live ? format.count(totals.queued) : 'n/a';
  setTile('tokens', `${format.count(totals.inputTokens)} / ${format.count(totals.outputTokens)}`);
  setTile('cost', format.usd(totals.costInUsd));
  document.querySelector('[data-cost-note]').textContent = live ? 'USD, at list prices' : 'USD, as recorded';

  renderTable(
    document.getElementById('tools'),
    [
      { key: 'name', label: 'Tool', value: (row) => row.name },
      ...latencyColumns,
      {
        key: 'cache',
        label: 'Cache hits',
        number: true,
        value: (row) =>
          row.cacheHits + row.cacheMisses === 0
            ? '–'
            : `${row.cacheHits} / ${row.cacheHits + row.cacheMisses}`,
      },
    ],
    snapshot.tools,
  );
  renderTable(
    document.getElementById('providers'),
    [
      { key: 'name', label: 'Provider', value: (row) => row.name },
      ...latencyColumns,
      {
        key: 'inFlight',
        label: 'In flight',
        number: true,
        value: (row) => (live ? format.count(row.inFlight) : 'n/a'),
      },
      {
        key: 'queued',
        label: 'Queued',
        number: true,
        value: (row) => (live ? format.count(row.queued) : 'n/a'),
      },
      { key: 'fallbacks', label: 'Fallbacks', number: true, value: (row) => format.count(row.fallbacks) },
    ],
    snapshot.providers,
  );
  renderTable(document.getElementById('models'), spendColumns('Model'), snapshot.models);
  renderTable(document.getElementById('tenants'), spendColumns('Tenant'), snapshot.tenants);
  if (live) {
    renderTable(
      document.getElementById('breakers'),
      [
        { key: 'target', label: 'Target', value: (row) => row.target },
        {
          key: 'state',
          label: 'State',
          value: (row) => row.state,
          attribute: ['data-state', (row) => row.state],
        },
        { key: 'since', label: 'Since', value: (row) => format.time(new Date(row.since).toISOString()) },
      ],
      snapshot.breakers ?? [],
      { key: (row) => row.target, empty: 'No breaker has changed state since the daemon started' },
    );
    renderTable(
      document.getElementById('store-operations'),
      [{ key: 'name', label: 'Operation', value: (row) => row.name }, ...latencyColumns],
      snapshot.storeOperations ?? [],
      { empty: 'No store operation reported yet' },
    );
  }
  renderCalls(snapshot.latestCalls);
}

function renderCalls(calls) {
  const args = (row) => (row.arguments === undefined ? '' : JSON.stringify(row.arguments));
  renderTable(
    document.getElementById('calls'),
    [
      { key: 'at', label: 'Time', value: (row) => format.time(row.at), title: (row) => row.at },
      { key: 'tenant', label: 'Tenant', value: (row) => row.tenantId },
      { key: 'tool', label: 'Tool', value: (row) => row.tool },
      { key: 'model', label: 'Model', value: (row) => row.model ?? '–' },
      {
        key: 'outcome',
        label: 'Outcome',
        value: (row) => row.outcome + (row.errorCode ? ` (${row.errorCode})` : ''),
        attribute: ['data-outcome', (row) => row.outcome],
      },
      { key: 'latency', label: 'Latency', number: true, value: (row) => format.ms(row.latencyInMs) },
      {
        key: 'tokens',
        label: 'Tokens in / out',
        number: true,
        value: (row) => `${format.count(row.inputTokens)} / ${format.count(row.outputTokens)}`,
      },
      { key: 'cost', label: 'Cost', number: true, value: (row) => format.usd(row.costInUsd) },
      { key: 'correlation', label: 'Correlation id', value: (row) => row.correlationId ?? '–' },
      { key: 'arguments', label: 'Arguments', className: 'arguments', value: args, title: args },
    ],
    calls,
    { key: (row) => row.correlationId ?? row.at, empty: 'No tool call recorded yet' },
  );
}

/** The threads table. */
export function renderThreads(threads) {
  renderTable(
    document.getElementById('threads'),
    [
      {
        key: 'updated',
        label: 'Updated',
        value: (row) => `${row.updatedAt.slice(0, 10)} ${format.time(row.updatedAt)}`,
      },
      { key: 'tenant', label: 'Tenant', value: (row) => row.tenantId },
      { key: 'title', label: 'Title', value: (row) => row.title ?? '(untitled)' },
      { key: 'tool', label: 'Tool', value: (row) => row.tool ?? '–' },
      { key: 'turns', label: 'Turns', number: true, value: (row) => format.count(row.turnCount) },
      { key: 'id', label: 'Thread id', value: (row) => row.id },
    ],
    threads,
    { key: (row) => row.id, empty: 'No thread found' },
  );
}
