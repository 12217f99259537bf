import { z } from 'zod';
import { defineWorkflowTool } from '../define-workflow-tool.js';
import type { NextStepView } from '../workflow-tool-spec.js';
import { investigationStepSchema } from '../workflow-step-schema.js';
import { EXPERT_GROUND_RULES } from './expert-ground-rules.js';

function secauditAdvice({ band, settings }: NextStepView): string {
  const focus =
    typeof settings.audit_focus === 'string' ? ` Give ${settings.audit_focus} the most attention.` : '';
  if (band === 'early') {
    return (
      'Map the attack surface: entry points, trust boundaries, authentication and authorisation, where ' +
      `untrusted input goes, and where secrets live.${focus}`
    );
  }
  if (band === 'deepen') {
    return (
      'Check each boundary for injection, broken access control, unsafe deserialisation, path traversal, ' +
      `SSRF, weak cryptography, secrets in code or logs, and vulnerable dependencies.${focus} Record each ` +
      'finding with a severity.'
    );
  }
  return 'Confirm each finding is exploitable as described, and check that the fixes you have in mind close it.';
}

/** `secaudit`: a security audit in steps, checked at the end by an expert model. */
export const secauditTool = defineWorkflowTool({
  name: 'secaudit',
  title: 'Security audit',
  description:
    'Audit code for security in steps (attack surface, OWASP Top 10, secrets, dependencies); the final ' +
    'step has an expert model verify the findings and rank the fixes.',
  inputSchema: investigationStepSchema.extend({
    audit_focus: z.string().optional().describe('Area to stress, e.g. auth, injection, secrets.'),
  }),
  expertSystemPrompt: [
    'You are an application security engineer. For each vulnerability give its severity, how it could be',
    'exploited (the path from attacker input to impact), and the fix. Separate confirmed issues from',
    'hardening advice, flag false positives, and do not pad the list with generic best practice.',
    EXPERT_GROUND_RULES,
  ].join(' '),
  finalStepInstruction:
    'Verify the security findings below against the code, add missed vulnerabilities, and rank the fixes ' +
    'by risk.',
  nextStep: secauditAdvice,
});
