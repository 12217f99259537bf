export * from './tools/index.js';
export { defineWorkflowTool } from './define-workflow-tool.js';
export { runWorkflowStep } from './workflow-engine.js';
export { consolidateSteps, type ConsolidatedFindings } from './consolidate-steps.js';
export type { WorkflowState, WorkflowStepRecord } from './workflow-state.js';
export {
  confidenceLevels,
  investigationFields,
  investigationStepSchema,
  issueSeverities,
  workflowBaseFields,
  workflowIssueSchema,
  type Confidence,
  type IssueSeverity,
  type WorkflowIssue,
  type WorkflowStepInput,
} from './workflow-step-schema.js';
export type { ConfidenceBand, ExpertMaterial, NextStepView, WorkflowToolSpec } from './workflow-tool-spec.js';
