import { apiKeyUseRpcFunctions } from './rpc-function-names.js';
import { rpcServiceOnlySecuritySql } from './rpc-ownership-sql.js';

/**
 * `exai_mark_api_keys_used`: `markApiKeysUsed` as one function, for the service role only (it
 * writes across tenants, like `exai_find_api_key_by_hash` reads across them). Sets `last_used_at`
 * of the keys named, never moving it back.
 */
export const rpcApiKeyUseSql = `
create function exai_mark_api_keys_used(p_ids text[], p_used_at timestamptz)
returns void language plpgsql security definer
as $$
begin
  perform exai_rpc_require_service();
  update api_keys set last_used_at = p_used_at
   where id = any (p_ids) and (last_used_at is null or last_used_at < p_used_at);
end
$$;

${rpcServiceOnlySecuritySql(apiKeyUseRpcFunctions)}
`;

export const rpcApiKeyUseDownSql = 'drop function exai_mark_api_keys_used(text[], timestamptz);';
