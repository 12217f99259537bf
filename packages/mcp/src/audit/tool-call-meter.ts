/** What one tool call's model turns used, added up for its audit record. */
export interface ToolCallMeter {
  /** Every `provider:model` that answered, in order. */
  models: string[];
  inputTokens: number;
  outputTokens: number;
  /** Undefined until a priced model answers. */
  costInUsd: number | undefined;
}

export function createToolCallMeter(): ToolCallMeter {
  return { models: [], inputTokens: 0, outputTokens: 0, costInUsd: undefined };
}

export function addToMeter(
  meter: ToolCallMeter | undefined,
  {
    model,
    inputTokens,
    outputTokens,
    costInUsd,
  }: { model: string; inputTokens: number; outputTokens: number; costInUsd: number | undefined },
): void {
  if (meter === undefined) return;
  if (!meter.models.includes(model)) meter.models.push(model);
  meter.inputTokens += inputTokens;
  meter.outputTokens += outputTokens;
  if (costInUsd !== undefined) meter.costInUsd = (meter.costInUsd ?? 0) + costInUsd;
}
