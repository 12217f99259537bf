/* global document, window, uPlot */
// The two charts, drawn with uPlot (served by exai from its npm package).

const charts = [];

function widthOf(element) {
  return Math.max(240, element.clientWidth);
}

function createChart(element, series) {
  const options = {
    width: widthOf(element),
    height: 200,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_plot, min, max) => [0, Math.max(1, max * 1.15)] } },
    axes: [
      { stroke: '#6b7385', grid: { stroke: '#eef0f4' } },
      { stroke: '#6b7385', grid: { stroke: '#eef0f4' }, size: 50 },
    ],
    series: [{}, ...series],
  };
  const plot = new uPlot(options, [[], ...series.map(() => [])], element);
  charts.push({ plot, element });
  return plot;
}

let calls;
let latency;

/** Draws (or redraws) both charts from a snapshot's series: per second, or per bucket when buckets are long. */
export function renderCharts({ series, bucketInMs }) {
  const perBucket = bucketInMs > 10_000;
  const unit = perBucket ? ` per ${Math.round(bucketInMs / 60_000)} min` : '/s';
  calls ??= createChart(document.getElementById('chart-calls'), [
    { label: `calls${unit}`, stroke: '#2f6fde', fill: 'rgba(47,111,222,0.12)', width: 2 },
    { label: `errors${unit}`, stroke: '#c53030', width: 2 },
  ]);
  latency ??= createChart(document.getElementById('chart-latency'), [
    { label: 'p50 ms', stroke: '#1f8a4c', width: 2, spanGaps: true, points: { show: true, size: 5 } },
    { label: 'p95 ms', stroke: '#b7791f', width: 2, spanGaps: true, points: { show: true, size: 5 } },
  ]);
  document.getElementById('chart-calls-caption').textContent = perBucket
    ? `Calls and errors${unit}`
    : 'Calls and errors per second';
  const scale = (values) =>
    perBucket ? values.map((value) => Math.round((value * bucketInMs) / 1000)) : values;
  calls.setData([series.at, scale(series.callsPerSecond), scale(series.errorsPerSecond)]);
  latency.setData([series.at, series.p50InMs, series.p95InMs]);
}

window.addEventListener('resize', () => {
  for (const { plot, element } of charts) plot.setSize({ width: widthOf(element), height: 200 });
});
