import { z } from 'zod';
import { InvalidArgumentError } from '@exai/core';
import type { ToolContext } from '../../tool-context.js';
import { adviceByBand } from '../next-step-guidance.js';
import { defineWorkflowTool } from '../define-workflow-tool.js';
import { investigationStepSchema } from '../workflow-step-schema.js';
import { EXPERT_GROUND_RULES } from './expert-ground-rules.js';
import {
  describeChangedFile,
  describeList,
  listChanges,
  renderDiff,
  type ChangeSelection,
} from './precommit-diff.js';
import { repositoryRoot, verifyRef } from './precommit-git.js';

/** Selections already checked, per settings object: one step validates, lists and diffs with the same one. */
const checkedSelections = new WeakMap<Record<string, unknown>, Promise<ChangeSelection>>();

/**
 * What the steps so far ask to review, checked once per step: the folder is inside the allowed
 * roots (through the FileService) and in a git repository, and `compare_to` names a commit.
 */
function changeSelection(settings: Record<string, unknown>, context: ToolContext): Promise<ChangeSelection> {
  let checked = checkedSelections.get(settings);
  if (checked === undefined) {
    checked = checkSelection(settings, context);
    checkedSelections.set(settings, checked);
  }
  return checked;
}

async function checkSelection(
  settings: Record<string, unknown>,
  context: ToolContext,
): Promise<ChangeSelection> {
  const given = typeof settings.path === 'string' ? settings.path : '.';
  const folder = await context.files.resolve(given);
  await repositoryRoot(folder, given);
  const compareTo = typeof settings.compare_to === 'string' ? settings.compare_to : undefined;
  if (compareTo !== undefined) await verifyRef(folder, compareTo);
  const includeStaged = settings.include_staged !== false;
  const includeUnstaged = settings.include_unstaged !== false;
  if (!includeStaged && !includeUnstaged && compareTo === undefined) {
    throw new InvalidArgumentError({
      argument: 'include_staged',
      message:
        'include_staged and include_unstaged are both false and no compare_to is given: there is nothing to review.',
    });
  }
  return { folder, compareTo, includeStaged, includeUnstaged };
}

/** `precommit`: review the repository's pending changes before a commit, git diff included. */
export const precommitTool = defineWorkflowTool({
  name: 'precommit',
  title: 'Pre-commit review',
  description:
    'Review pending git changes before committing, in steps; exai reads the diff itself (staged, unstaged, ' +
    'or against compare_to) and the final step has an expert model review it with your findings.',
  inputSchema: investigationStepSchema.extend({
    path: z.string().optional().describe('Repository folder (default: the first allowed root).'),
    compare_to: z.string().optional().describe('Git ref to diff against (committed changes since it).'),
    include_staged: z.boolean().optional().describe('Default true.'),
    include_unstaged: z.boolean().optional().describe('Default true.'),
  }),
  expertSystemPrompt: [
    'You are a senior engineer doing the last review before a commit. Judge the diff: does it do what',
    'the developer intends, completely, without breaking callers, leaking secrets, leaving debug code,',
    'or missing tests, migrations or documentation it needs? Report each problem with severity, file and',
    'line, and end with a verdict: ready to commit, or what must change first.',
    EXPERT_GROUND_RULES,
  ].join(' '),
  finalStepInstruction:
    'Review the git changes below together with the findings. Confirm or reject each reported issue, ' +
    'add missed ones, and give a commit verdict.',
  nextStep: adviceByBand({
    early:
      'Read the changes listed above file by file and state what they are meant to achieve; note anything ' +
      'unexpected (stray files, debug output, unrelated edits).',
    deepen:
      'Check the changed code against its callers and tests: broken contracts, missing error handling, ' +
      'security, configuration and migration needs. Record each issue with severity, file and line.',
    confirm: 'Re-check the recorded issues and confirm nothing in the change set is left unexamined.',
  }),
  async validate(settings, context) {
    await changeSelection(settings, context);
  },
  async describeProgress(settings, context) {
    const selection = await changeSelection(settings, context);
    const { sections, untracked } = await listChanges(selection, context.signal);
    const lines = ['', `## Changes under ${selection.folder}`];
    for (const section of sections) {
      const listed = describeList(section.files.map(describeChangedFile), section.truncated);
      lines.push(`- ${section.label}: ${listed || 'none'}`);
    }
    if (untracked.files.length > 0 || untracked.truncated) {
      lines.push(`- Untracked (not in the diff): ${describeList(untracked.files, untracked.truncated)}`);
    }
    return lines;
  },
  async prepareExpert(settings, { budgetInTokens, context }) {
    const selection = await changeSelection(settings, context);
    const diff = await renderDiff(selection, {
      budgetInTokens,
      files: context.files,
      signal: context.signal,
    });
    const notes = diff.omitted.map((line) => `Left out of the diff sent to the expert: ${line}.`);
    return { context: `## Git changes under ${selection.folder}\n\n${diff.text}`, notes };
  },
});
