import type { ToolCatalogueEntry } from './tool-catalogue.js';

/** The workflow tools (one shared step engine). */
export const workflowEntries: readonly ToolCatalogueEntry[] = [];
