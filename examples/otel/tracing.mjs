// Exports exai's OpenTelemetry spans over OTLP/HTTP. exai itself only uses `@opentelemetry/api`
// (its spans are no-ops until an SDK is registered); this file registers one before exai starts:
//
//   npm install @opentelemetry/sdk-node@0.223 @opentelemetry/exporter-trace-otlp-http@0.223
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 \
//   NODE_OPTIONS="--import ./tracing.mjs" exai serve --http
//
// The 0.2xx SDK line runs on Node 20 and speaks `@opentelemetry/api` 1.9, the version exai uses.
import process from 'node:process';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

const sdk = new NodeSDK({
  serviceName: process.env.OTEL_SERVICE_NAME ?? 'exai',
  // Sends to $OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces (default http://localhost:4318/v1/traces).
  traceExporter: new OTLPTraceExporter(),
  // exai's own spans only: no automatic instrumentation of http, undici or the database drivers.
  instrumentations: [],
});
sdk.start();

// Flush the spans still batched when the daemon stops (exai drains on SIGTERM, then exits).
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    sdk.shutdown().catch((error) => process.stderr.write(`tracing: shutdown failed: ${error}\n`));
  });
}
