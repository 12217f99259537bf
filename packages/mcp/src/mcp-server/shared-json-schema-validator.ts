import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';

let ajv: AjvJsonSchemaValidator | undefined;

/**
 * One JSON Schema validator for every server this process creates, built on first use. The MCP
 * SDK otherwise builds an Ajv instance per server (about 19 KB and 0.2 ms each), which an HTTP
 * daemon with thousands of sessions pays thousands of times, and exai's tools never need it
 * (the SDK uses it only to check elicitation answers).
 */
export const sharedJsonSchemaValidator: jsonSchemaValidator = {
  getValidator(schema) {
    ajv ??= new AjvJsonSchemaValidator();
    return ajv.getValidator(schema);
  },
};
