import { activeTracer, recordingSpan, recordSpanError } from './exai-tracer.js';
import { openTelemetryApi } from './otel-api.js';

/** What `traceToolCall` needs to know of a tool's result: MCP results say failure with `isError`. */
interface ToolResultLike {
  isError?: boolean;
}

/**
 * Runs `handler(input, extra)` inside an OpenTelemetry span `execute_tool <tool>` (GenAI semantic
 * conventions) when an SDK is registered, and calls it straight through otherwise: no span, no
 * closure. Spans started inside (provider attempts, store operations) become its children. A
 * result with `isError` or a thrown error marks the span failed; `recordToolError` (called where
 * the handler turns an error into a result) names the error's type.
 */
export function traceToolCall<Input, Extra, Result extends ToolResultLike>(
  tool: string,
  handler: (input: Input, extra: Extra) => Promise<Result>,
  input: Input,
  extra: Extra,
): Promise<Result> {
  const tracer = activeTracer();
  if (tracer === undefined) return handler(input, extra);
  const attributes = {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': tool,
    'gen_ai.tool.type': 'function',
  };
  const { SpanKind, SpanStatusCode } = openTelemetryApi();
  const options = { kind: SpanKind.INTERNAL, attributes };
  return tracer.startActiveSpan(`execute_tool ${tool}`, options, async (span) => {
    try {
      const result = await handler(input, extra);
      if (result.isError === true) span.setStatus({ code: SpanStatusCode.ERROR });
      return result;
    } catch (error) {
      recordSpanError(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `handler` as a function that runs each call through `traceToolCall`. */
export function tracedToolHandler<Input, Extra, Result extends ToolResultLike>(
  tool: string,
  handler: (input: Input, extra: Extra) => Promise<Result>,
): (input: Input, extra: Extra) => Promise<Result> {
  return function tracedToolCall(input, extra) {
    return traceToolCall(tool, handler, input, extra);
  };
}

/**
 * Names the type of the error a tool call failed with (`error.type`, the error's code) on the
 * current span: the tool span, when the handler catches the error itself. No-op without an SDK.
 */
export function recordToolError(error: unknown): void {
  const span = recordingSpan();
  if (span !== undefined) recordSpanError(span, error);
}
