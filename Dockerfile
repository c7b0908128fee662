# syntax=docker/dockerfile:1
#
# Business Command Center: API + console in one image.
#   docker build -t bcc .
#   docker run -e DATABASE_URL=postgres://bcc_api:…@db:5432/bcc -e JWT_SECRET=… -p 3000:3000 bcc
# Migrations: the same image with `node backend/dist/cli/migrate.js` and MIGRATION_DATABASE_URL
# (see docker-compose.yml and docs/operations.md). Demo mode is refused here (NODE_ENV=production).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------- base ---
# npm 11 is required: the install-script policy (allowScripts in package.json,
# strict-allow-scripts in .npmrc) is an npm 11 feature; npm 10 would run every script.
FROM ${NODE_IMAGE} AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    SCARF_ANALYTICS=false
RUN npm install -g npm@11.19.1 && npm cache clean --force
WORKDIR /app
# Manifests only, so dependency layers are cached until they change.
COPY package.json package-lock.json .npmrc ./
COPY backend/package.json backend/
COPY frontend/package.json frontend/

# --------------------------------------------------------------- build ---
FROM base AS build
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NG_CLI_ANALYTICS=false \
    CI=true
RUN npm ci
COPY nx.json ./
COPY backend/ backend/
COPY frontend/ frontend/
# nx run-many -t build: backend → backend/dist, console → frontend/dist/browser
RUN npm run build

# --------------------------------------------------------- prod deps ---
# Production dependencies of the API workspace only (no Angular, Nx, TypeScript tooling).
# embedded-postgres is a runtime dependency of the backend (demo mode) and is installed,
# but it is never started when DATABASE_URL is set.
FROM base AS prod-deps
RUN npm ci --omit=dev --workspace=backend && npm cache clean --force

# ------------------------------------------------------------- runtime ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
# package.json files, lockfile and node_modules (incl. any nested backend/node_modules)
COPY --from=prod-deps /app ./
COPY --from=build /app/backend/dist backend/dist
COPY --from=build /app/frontend/dist/browser frontend/dist/browser
# Migrations, bootstrap SQL and (unused in production) demo seed: read at run time.
COPY database/ database/
# DATA_DIR holds upload temp files and, with STORAGE_DRIVER=local, the object store.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Liveness only (no database round trip); use /api/health/ready for readiness.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "backend/dist/main.js"]
