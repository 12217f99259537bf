import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { requireId } from './validate-store-input.js';

/**
 * What a tenant id may not hold: control characters (tab, newline, escape, DEL, C1), invisible
 * format characters (zero-width spaces, bidirectional overrides, the byte order mark), line and
 * paragraph separators, and unpaired surrogates. Each would break a line of a log or a column of
 * a table, or show a tenant as another one.
 */
const forbiddenCharacter = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** `U+001B` for a character a message cannot show as it is. */
function codePointOf(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The id with every forbidden character shown as `\u{…}`, so it prints on one line as it is. */
export function printableTenantId(id: string): string {
  return id.replace(
    new RegExp(forbiddenCharacter.source, 'gu'),
    (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`,
  );
}

/**
 * Why `id` cannot be a new tenant's id, as a sentence to follow "the tenant id … ", or
 * `undefined` when it can be. Blank ids and the characters above are refused; everything else
 * (letters of any script, digits, punctuation, spaces inside) is a valid id.
 */
export function tenantIdProblem(id: string): string | undefined {
  if (id.trim() === '') return 'is blank';
  const found = forbiddenCharacter.exec(id);
  if (found === null) return undefined;
  const position = [...id.slice(0, found.index)].length + 1;
  return (
    `holds ${codePointOf(found[0])} at character ${position}, a control or invisible character; ` +
    'use letters, digits and punctuation (e.g. acme or team-42)'
  );
}

/**
 * A new tenant's id: `tenantIdProblem` as an `InvalidArgumentError` naming `argument`. Stores check
 * it in `createTenant`, so every way a tenant comes to exist (`exai keys create`, a JWT's tenant
 * claim, `X-Exai-Tenant`, a program) is held to it; ids of tenants that already exist are only
 * required to be non-blank, so a store written before this rule stays readable.
 */
export function requireTenantId(argument: string, value: unknown): string {
  const id = requireId(argument, value);
  const problem = tenantIdProblem(id);
  if (problem !== undefined) {
    throw new InvalidArgumentError({
      argument,
      message: `\`${argument}\`: the tenant id "${printableTenantId(id)}" ${problem}.`,
    });
  }
  return id;
}
