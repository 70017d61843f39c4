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
# Over HTTPS when the facade terminates TLS itself (TLS_CERT_FILE); its certificate names the service, not 127.0.0.1.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const c = require(process.env.TLS_CERT_FILE ? 'node:https' : 'node:http'); c.get({ host: '127.0.0.1', port: process.env.PORT || 4000, path: '/health/live', rejectUnauthorized: false, timeout: 2500 }, (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"]
# SIGTERM reaches node directly (exec form): the facade drains (SHUTDOWN_GRACE_MS, SHUTDOWN_TIMEOUT_MS).
CMD ["node", "main.js"]
