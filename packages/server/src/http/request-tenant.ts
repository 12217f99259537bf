import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/** The caller's tenant the auth middleware put on `request.auth`; `undefined` for the local tenant. */
export function requestTenantOf(request: IncomingMessage): string | undefined {
  const tenantId = (request as IncomingMessage & { auth?: AuthInfo }).auth?.extra?.tenantId;
  return typeof tenantId === 'string' ? tenantId : undefined;
}

/** The `AuthInfo` the auth middleware put on the request, if any. */
export function requestAuthOf(request: IncomingMessage): AuthInfo | undefined {
  return (request as IncomingMessage & { auth?: AuthInfo }).auth;
}
