import type { z } from 'zod';
import { defineTool, type ExaiTool } from '../define-tool.js';
import { runWorkflowStep } from './workflow-engine.js';
import type { WorkflowToolSpec } from './workflow-tool-spec.js';

/**
 * A workflow tool on the shared step engine. No output schema is declared: it would be sent with
 * every `tools/list` for each of the eleven tools; the `structuredContent` is documented instead.
 */
export function defineWorkflowTool<Schema extends z.ZodObject>(
  spec: WorkflowToolSpec<Schema>,
): ExaiTool<Schema> {
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: spec.inputSchema,
    annotations: spec.annotations ?? {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    },
    execute: (input, context) => runWorkflowStep(spec, input, context),
  });
}
