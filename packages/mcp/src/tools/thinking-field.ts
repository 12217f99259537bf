import { thinkingLevels } from '@exai/core';
import { z } from 'zod';

/** The `thinking` argument: `true`/`false`, or a level (see docs/providers.md for each provider). */
export const thinkingField = (description: string) =>
  z
    .union([z.boolean(), z.enum(thinkingLevels)])
    .optional()
    .describe(description);
