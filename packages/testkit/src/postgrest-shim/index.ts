export { createPostgrestShim } from './postgrest-shim.js';
export { signTestJwt, verifyHs256Jwt, type JwtClaims, type JwtVerification } from './postgrest-shim-jwt.js';
export { statusForSqlState, type PostgrestErrorBody } from './postgrest-shim-errors.js';
export type { PostgrestShim, PostgrestShimOptions } from './postgrest-shim-types.js';
