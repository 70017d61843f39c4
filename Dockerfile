# The facade's container image. Both stages run what test/artefact.test.ts runs (this project's
# machines have no Docker engine, so the test is the proof): scripts/assemble.sh builds dist/ and
# installs production dependencies only.
#   docker build -t brp-eduv-facade .
#   docker run --read-only --tmpfs /tmp -p 4000:4000 -e NODE_ENV=production -e DATABASE_URL=… \
#     -e BRP_URL=… -e AUTH_ISSUER=… -e AUTH_JWKS_URL=… -e AUTH_AUDIENCE=… brp-eduv-facade

# --- build: the whole source tree with development dependencies (TypeScript) --------------------
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN sh scripts/assemble.sh /app

# --- runtime: JavaScript and production dependencies only, as a non-root user -------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# Nothing in /app is writable: the image runs with a read-only root file system.
RUN chmod -R a-w /app
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM reaches node directly (exec form): the facade drains (SHUTDOWN_GRACE_MS, SHUTDOWN_TIMEOUT_MS).
CMD ["node", "main.js"]
