/** Tenants and API keys. Everything here but `exai_get_tenant` is for the service role only. */
export const rpcTenantsSql = `
create function exai_create_tenant(p_id text, p_name text default null, p_settings jsonb default null)
returns jsonb language plpgsql security definer
as $$
declare
  r tenants;
begin
  perform exai_rpc_require_service();
  insert into tenants (id, name, created_at, settings)
  values (p_id, coalesce(p_name, p_id), exai_rpc_now(), coalesce(p_settings, '{}'::jsonb))
  on conflict (id) do nothing
  returning * into r;
  if not found then perform exai_rpc_exists('tenant', p_id); end if;
  return exai_rpc_tenant_json(r);
end
$$;

create function exai_get_tenant(p_tenant_id text default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
begin
  return (select exai_rpc_tenant_json(t) from tenants t where t.id = v_tenant);
end
$$;

create function exai_list_tenants()
returns jsonb language plpgsql stable security definer
as $$
begin
  perform exai_rpc_require_service();
  return (select coalesce(jsonb_agg(exai_rpc_tenant_json(t) order by t.created_at, t.id), '[]'::jsonb) from tenants t);
end
$$;

create function exai_create_api_key(p_tenant_id text, p_name text, p_prefix text, p_hash text, p_id text default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_id text := coalesce(p_id, gen_random_uuid()::text);
  r api_keys;
begin
  perform exai_rpc_require_service();
  perform exai_rpc_require_tenant(v_tenant);
  if exists (select 1 from api_keys where id = v_id) then perform exai_rpc_exists('api-key', v_id); end if;
  if exists (select 1 from api_keys where hash = p_hash) then perform exai_rpc_exists('api-key hash', p_hash); end if;
  insert into api_keys (id, tenant_id, name, prefix, hash, created_at)
  values (v_id, v_tenant, p_name, p_prefix, p_hash, exai_rpc_now())
  returning * into r;
  return exai_rpc_api_key_json(r);
end
$$;

create function exai_find_api_key_by_hash(p_hash text)
returns jsonb language plpgsql stable security definer
as $$
begin
  perform exai_rpc_require_service();
  return (select exai_rpc_api_key_json(k) from api_keys k where k.hash = p_hash);
end
$$;

create function exai_list_api_keys(p_tenant_id text)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
begin
  perform exai_rpc_require_service();
  return (select coalesce(jsonb_agg(exai_rpc_api_key_json(k) order by k.created_at, k.id), '[]'::jsonb)
            from api_keys k where k.tenant_id = v_tenant);
end
$$;

create function exai_revoke_api_key(p_tenant_id text, p_id text)
returns boolean language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
begin
  perform exai_rpc_require_service();
  update api_keys set revoked_at = coalesce(revoked_at, exai_rpc_now()) where tenant_id = v_tenant and id = p_id;
  return found;
end
$$;
`;
