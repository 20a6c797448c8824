# syntax=docker/dockerfile:1
# Shared image for the five services: every services/<name>/Dockerfile starts FROM it and only adds its
# port (HEALTHCHECK_URL for the health check below) and entry point. Building the monorepo once (one `npm ci`, one `tsc -b`) serves all five.
#   docker build -f deploy/docker/node-base.Dockerfile -t marketshare/node-base:local .
# compose.yaml builds it as the `node-base` service and hands it to the service builds.

FROM node:20-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
COPY . .
RUN npm ci
RUN npm run build
# Production dependencies only in what is shipped.
RUN npm prune --omit=dev

FROM node:20-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 IMAGES_DIR=/data/images
WORKDIR /app
COPY --from=build --chown=1000:1000 /app /app
# Writable places for a non-root user; in Kubernetes the root filesystem is read-only and these are volumes.
RUN mkdir -p /data/images /tmp/app && chown -R 1000:1000 /data /tmp/app
# uid 1000 is the image's `node` user; numeric so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# Each service image sets HEALTHCHECK_URL to its own http://127.0.0.1:<port>/healthz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.HEALTHCHECK_URL).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--version"]
