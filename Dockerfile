# The portal as a container: the standalone build (server, bundled start script, jobs process and CLIs, traced
# node_modules), static files, public/ and the migrations; nothing else. README "Run with Docker".
# Secrets come from the environment at run time (compose.yaml's env_file), never from this file.

FROM node:22.23.5-bookworm-slim AS deps
WORKDIR /src
# argon2 is compiled from source: its prebuilt glibc binary crashed Node on some machines.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma prisma/schema.prisma
RUN npm ci && npm rebuild argon2 --build-from-source

FROM node:22.23.5-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
RUN npm run db:generate && npm run build

FROM node:22.23.5-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    PORTAL_HOST=0.0.0.0
# Owned by root and read-only to the portal's user: the running server cannot change its own code.
COPY --from=build /src/.next/standalone ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The project's start script, bundled: secrets checked, migrations applied, then the web server and the jobs process.
CMD ["node", "portal/start.mjs", "--standalone"]
