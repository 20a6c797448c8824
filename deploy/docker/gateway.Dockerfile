# The gateway: HAProxy from Debian's package, on a Debian 12 base (BASE_IMAGE; the tests pass the one they make).
# It reads /usr/local/etc/haproxy/haproxy.cfg, the path of Docker Hub's haproxy image: compose mounts
# deploy/haproxy/haproxy.compose.cfg there, and that file is also the default baked in.
#   DOCKER_BUILDKIT=1 docker build -f deploy/docker/gateway.Dockerfile -t marketshare/gateway:local .
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
    && apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null \
    && haproxy -v
COPY deploy/haproxy/haproxy.compose.cfg /usr/local/etc/haproxy/haproxy.cfg
# Debian's haproxy user; HAProxy binds ports above 1024 only, so it needs no capability.
USER haproxy
EXPOSE 8080 8404
STOPSIGNAL SIGUSR1
CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
