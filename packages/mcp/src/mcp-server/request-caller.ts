import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/**
 * Who made a tool call. The HTTP daemon's authentication puts it in the SDK's `authInfo.extra`
 * (`{ tenantId, keyId?, subject?, admin? }`); stdio and unauthenticated loopback calls carry none
 * and belong to the runtime's tenant.
 */
export interface ToolCaller {
  tenantId: string;
  keyId?: string;
  subject?: string;
  admin?: boolean;
}

/** The caller of one request, from its `authInfo`, else the runtime's local tenant. */
export function callerOf(authInfo: AuthInfo | undefined, fallbackTenantId: string): ToolCaller {
  const extra = authInfo?.extra;
  const tenantId = extra?.tenantId;
  if (typeof tenantId !== 'string' || tenantId === '') return { tenantId: fallbackTenantId };
  return {
    tenantId,
    ...(typeof extra?.keyId === 'string' && { keyId: extra.keyId }),
    ...(typeof extra?.subject === 'string' && { subject: extra.subject }),
    ...(extra?.admin === true && { admin: true }),
  };
}
