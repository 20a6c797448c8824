# The Node images: each service (target `service`, build argument SERVICE) and the web app (target `web`).
# One file so that every image shares one compiled monorepo: the build stages depend on nothing image-specific, so
# BuildKit makes them once for all six images. The context is the repository root:
#   DOCKER_BUILDKIT=1 docker build -f deploy/docker/node.Dockerfile --target service --build-arg SERVICE=auth --build-arg PORT=8040 -t marketshare/auth:local .
#   DOCKER_BUILDKIT=1 docker build -f deploy/docker/node.Dockerfile --target web -t marketshare/web:local .
# compose.yaml holds these arguments for every image; `node scripts/build-images.mjs` builds them all from it.
# BASE_IMAGE is any Debian 12 image with Node 20 and npm, and a `node` user with uid 1000.
ARG BASE_IMAGE=node:20-slim

# Only the package manifests and the lock: the dependency installs below stay cached until one of them changes.
FROM ${BASE_IMAGE} AS manifests
WORKDIR /app
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete && find . -mindepth 1 -type d -empty -delete

# The shared workspace packages compiled, with development dependencies (TypeScript, Next.js's build).
FROM ${BASE_IMAGE} AS build-packages
WORKDIR /app
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false NEXT_TELEMETRY_DISABLED=1
COPY --from=manifests /app ./
# No install scripts: the only ones in the lock are esbuild's (development tools); native modules are prebuilt.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
COPY tsconfig.base.json tsconfig.json ./
COPY packages packages
RUN npx tsc -b packages/*/tsconfig.json

# Every service compiled; a change in one leaves the web app's build alone.
FROM build-packages AS build-services
COPY services services
RUN npx tsc -b

# A service's production dependencies only (its workspace, with the monorepo lock), and what it runs from:
# its package.json, dist and migrations, and the dist of the workspace packages it imports.
FROM ${BASE_IMAGE} AS service-files
ARG SERVICE
WORKDIR /app
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm test -n "${SERVICE}" && npm ci --omit=dev --ignore-scripts --workspace="services/${SERVICE}"
RUN --mount=type=bind,from=build-services,source=/app,target=/build \
    set -e; mkdir -p /out; cp -a package.json node_modules /out/; \
    workspaces="services/${SERVICE} $(for l in node_modules/@marketshare/*; do realpath --relative-to=. "$l"; done)"; \
    for ws in $workspaces; do \
      mkdir -p "/out/$ws"; cp -a "$ws/package.json" "/out/$ws/"; \
      for d in node_modules; do if [ -d "$ws/$d" ]; then cp -a "$ws/$d" "/out/$ws/"; fi; done; \
      for d in dist migrations assets; do if [ -d "/build/$ws/$d" ]; then cp -a "/build/$ws/$d" "/out/$ws/"; fi; done; \
      rm -f "/out/$ws/dist/.tsbuildinfo"; \
    done

FROM ${BASE_IMAGE} AS service
ARG SERVICE
ARG PORT
ENV NODE_ENV=production HOST=0.0.0.0 IMAGES_DIR=/data/images HEALTHCHECK_URL=http://127.0.0.1:${PORT}/healthz
COPY --from=service-files /out /app
# Writable for the service user only where it keeps data (product images); the code stays root's and read-only.
RUN mkdir -p /data/images && chown 1000:1000 /data/images
WORKDIR /app/services/${SERVICE}
# uid 1000 is the image's `node` user; numeric so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.HEALTHCHECK_URL).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node's heap follows the container's memory limit (60% of it to the old generation; see the script).
COPY --chmod=755 deploy/docker/node-entry.sh /usr/local/bin/node-entry
ENTRYPOINT ["/usr/local/bin/node-entry"]
CMD ["node", "dist/main.js"]

# Next.js's standalone output: the server and only the files it traced as needed, no full node_modules.
FROM build-packages AS build-web
COPY web web
RUN cd web && NEXT_OUTPUT=standalone npx next build

FROM ${BASE_IMAGE} AS web
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOST=0.0.0.0 WEB_PORT=3000
COPY --from=build-web /app/web/.next/standalone /app
COPY --from=build-web /app/web/.next/static /app/web/.next/static
# Next.js writes its fetch and image cache here; a volume (tmpfs) where the root filesystem is read-only.
RUN mkdir -p /app/web/.next/cache && chown 1000:1000 /app/web/.next/cache
WORKDIR /app/web
USER 1000:1000
EXPOSE 3000
# Healthy once it has warmed up (web/src/lib/warm-up.ts), as the gateway's own check of /readyz sees it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.WEB_PORT + '/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The standalone server listens on HOSTNAME:PORT. Both come from our own HOST and WEB_PORT here, because container
# runtimes set HOSTNAME to the container's name, which would bind the pod address only and not the loopback the
# guest page cache renders through.
# Node's heap follows the container's memory limit, as in the services' images.
COPY --chmod=755 deploy/docker/node-entry.sh /usr/local/bin/node-entry
ENTRYPOINT ["/usr/local/bin/node-entry"]
CMD ["sh", "-c", "HOSTNAME=\"$HOST\" PORT=\"$WEB_PORT\" exec node server.js"]
