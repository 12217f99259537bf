import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { DeleteTenantDataInput, PruneOptions, SessionStoreTenantDataV1 } from './v1/index.js';
import {
  optionalDate,
  optionalId,
  optionalJsonObject,
  optionalString,
  requireId,
} from './validate-store-input.js';

type TenantDataChecks = {
  [Name in keyof SessionStoreTenantDataV1]: (
    ...args: Parameters<SessionStoreTenantDataV1[Name]>
  ) => Parameters<SessionStoreTenantDataV1[Name]>;
};

function requireObject(argument: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidArgumentError({ argument, message: `\`${argument}\` must be an object.` });
  }
  return value as Record<string, unknown>;
}

function checkDeleteTenantData(input: DeleteTenantDataInput): DeleteTenantDataInput {
  requireObject('input', input);
  const audit = input.audit === undefined ? {} : requireObject('audit', input.audit);
  return {
    tenantId: requireId('tenantId', input.tenantId),
    audit: {
      id: optionalId('audit.id', audit.id),
      at: optionalDate('audit.at', audit.at),
      actor: optionalString('audit.actor', audit.actor),
      action: audit.action === undefined ? 'tenant.delete' : requireId('audit.action', audit.action),
      target: optionalString('audit.target', audit.target),
      detail: optionalJsonObject('audit.detail', audit.detail),
    },
  };
}

function checkPrune(options: PruneOptions): PruneOptions {
  requireObject('options', options);
  return {
    threadsUpdatedBefore: optionalDate('threadsUpdatedBefore', options.threadsUpdatedBefore),
    usageCreatedBefore: optionalDate('usageCreatedBefore', options.usageCreatedBefore),
    auditBefore: optionalDate('auditBefore', options.auditBefore),
  };
}

/** The argument checks of the tenant-data methods (deletion and retention), for `storeInputChecks`. */
export const tenantDataInputChecks: TenantDataChecks = {
  countTenantData: (tenantId) => [requireId('tenantId', tenantId)],
  deleteTenantData: (input) => [checkDeleteTenantData(input)],
  prune: (options) => [checkPrune(options)],
};
