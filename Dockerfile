# exai: the MCP server over Streamable HTTP (`exai serve --http`), with SQLite in /data by default.
#
#   docker build -t exai .
#   docker run -p 8765:8765 -v exai-data:/data -e KIMI_API_KEY=sk-... exai
#
# BASE is pinned to the Node.js line the project is tested on. Override it to build from a base of
# your own that has node and npm in /usr/local (docs/deploy.md: "Building the image").
ARG BASE=node:20.20.2-bookworm-slim

# ---- build: install from the lockfile, compile better-sqlite3, build every package ----------
FROM ${BASE} AS build
# better-sqlite3 compiles from source when no prebuilt binary can be downloaded.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc turbo.json tsconfig.base.json ./
COPY packages ./packages
COPY examples ./examples
# `npm ci` runs the root `prepare` script, which builds every package with turbo. --nodedir uses the
# base image's own Node.js headers, so compiling needs no download of them.
RUN TURBO_TELEMETRY_DISABLED=1 npm ci --nodedir=/usr/local \
  && npm prune --omit=dev \
  && rm -rf packages/*/src packages/*/tsconfig*.json packages/*/tsup.config.* examples \
    node_modules/.cache

# ---- runtime: the built packages and production dependencies only ---------------------------
FROM ${BASE} AS runtime
# tini is PID 1: it forwards SIGTERM to node (which closes sessions and the store, then exits 0)
# and reaps zombies.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 exai \
  && useradd --system --uid 10001 --gid exai --home-dir /data --shell /usr/sbin/nologin exai \
  && mkdir -p /data /backups \
  && chown exai:exai /data /backups
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
ENV EXAI_STORE=sqlite:/data/exai.db
VOLUME ["/data"]
WORKDIR /data
USER 10001:10001
EXPOSE 8765
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8765/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/packages/cli/bin/exai.js"]
# Requests need an API key: `docker exec <container> node /app/packages/cli/bin/exai.js keys create
# --tenant <tenant>` (docs/http.md#authentication).
CMD ["serve", "--http", "--host", "0.0.0.0"]
