export interface PostgrestShimOptions {
  /** The PostgreSQL server the functions run on, e.g. `postgres://postgres@127.0.0.1:5432/test`. */
  databaseUrl: string;
  /** The one schema whose functions are served (PostgREST's `db-schemas`). */
  schema: string;
  /** The HS256 secret every `apikey` and `Authorization` JWT must be signed with. */
  jwtSecret: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** The role of requests whose JWT has no `role` claim. Default `anon`. */
  anonRole?: string;
  /**
   * The roles a JWT may switch to (those granted to PostgREST's authenticator role).
   * Default `anon`, `authenticated`, `service_role`.
   */
  roles?: readonly string[];
  /** Connections to PostgreSQL at most. Default 10. */
  maxConnections?: number;
}

export interface PostgrestShim {
  /** The base URL to give `createClient`, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** Stops the server (open sockets included) and closes the database pool. */
  close(): Promise<void>;
}
