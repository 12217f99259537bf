import {
  analyzeTool,
  codereviewTool,
  debugTool,
  docgenTool,
  plannerTool,
  precommitTool,
  refactorTool,
  secauditTool,
  testgenTool,
  thinkdeepTool,
  tracerTool,
} from '../tools/workflow/tools/index.js';
import type { ToolCatalogueEntry } from './tool-catalogue.js';

/** The workflow tools (one shared step engine, packages/mcp/src/tools/workflow). */
export const workflowEntries: readonly ToolCatalogueEntry[] = [
  { name: 'thinkdeep', profile: 'lean', load: () => thinkdeepTool },
  { name: 'codereview', profile: 'standard', load: () => codereviewTool },
  { name: 'precommit', profile: 'standard', load: () => precommitTool },
  { name: 'debug', profile: 'standard', load: () => debugTool },
  { name: 'planner', profile: 'standard', load: () => plannerTool },
  { name: 'analyze', profile: 'standard', load: () => analyzeTool },
  { name: 'refactor', profile: 'full', load: () => refactorTool },
  { name: 'testgen', profile: 'full', load: () => testgenTool },
  { name: 'secaudit', profile: 'full', load: () => secauditTool },
  { name: 'docgen', profile: 'full', load: () => docgenTool },
  { name: 'tracer', profile: 'full', load: () => tracerTool },
];
