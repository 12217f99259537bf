import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { AnyExaiTool } from '../tools/define-tool.js';

/**
 * Offers every tool as an MCP prompt of the same name (a client with slash commands shows
 * `/exai:chat`, `/exai:codereview` …). Each top-level input field becomes an optional string
 * argument with the field's description; the prompt's text asks the assistant to call the tool
 * with the arguments given, converted to the tool's types, and to fill in whatever else it needs.
 */
export function registerToolPrompts(server: McpServer, tools: readonly AnyExaiTool[]): void {
  for (const tool of tools) {
    server.registerPrompt(
      tool.name,
      { title: tool.title, description: firstSentence(tool.description), argsSchema: promptArgsOf(tool) },
      (args: Record<string, string | undefined>): GetPromptResult => ({
        description: tool.title,
        messages: [{ role: 'user', content: { type: 'text', text: toolPromptText(tool.name, args) } }],
      }),
    );
  }
}

/**
 * A prompt's argument schemas, built once per tool and shared by every server (a stateless daemon
 * builds one server per call in flight, and zod schemas are not small).
 */
const promptArgsCache = new WeakMap<AnyExaiTool, Record<string, z.ZodOptional<z.ZodString>>>();

function promptArgsOf(tool: AnyExaiTool): Record<string, z.ZodOptional<z.ZodString>> {
  let argsSchema = promptArgsCache.get(tool);
  if (argsSchema === undefined) {
    const fields = Object.entries(tool.inputSchema.shape as Record<string, z.ZodType>);
    argsSchema = Object.fromEntries(
      fields.map(([name, field]) => {
        const argument = z.string().optional();
        return [name, field.description === undefined ? argument : argument.describe(field.description)];
      }),
    );
    promptArgsCache.set(tool, argsSchema);
  }
  return argsSchema;
}

/** The text of a tool's prompt: call the tool with these arguments. */
export function toolPromptText(toolName: string, args: Record<string, string | undefined>): string {
  const given = Object.entries(args).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
  );
  const lines = [`Call the exai tool \`${toolName}\`.`];
  if (given.length > 0) {
    lines.push(
      'Use these arguments, converted to the types its input schema expects (numbers, booleans, lists):',
      ...given.map(([name, value]) => `- ${name}: ${value}`),
    );
  }
  lines.push('Fill in any other required argument from our conversation, then show me its result.');
  return lines.join('\n');
}

function firstSentence(description: string): string {
  const end = description.search(/\.(\s|$)/);
  return end === -1 ? description : description.slice(0, end + 1);
}
