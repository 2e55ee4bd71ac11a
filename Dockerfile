# syntax=docker/dockerfile:1.7
# One recipe for every deployable of the suite, chosen by COMPONENT (gateway, identity,
# grid-event, environment, ...). Build from the repository root:
#   docker build --build-arg COMPONENT=grid-event -t jlp-grid-event .
# The build stage installs exactly the dependency closure of distribution jlp-<COMPONENT> from
# uv.lock (uv sync --package --frozen), as wheels (no editable paths), into /app/.venv; the
# runtime stage copies only that venv onto the same slim Python base and runs it as a non-root
# user. ADR 0100 explains the choices.

ARG PYTHON_IMAGE=python:3.11-slim-trixie
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9
ARG NODE_IMAGE=node:24-trixie-slim

FROM ${UV_IMAGE} AS uv

# The operations-centre web app (web/, ADR 0110), built from its lock; only the gateway's image
# keeps the result (/app/web, JLP_GATEWAY_WEB_ROOT in the chart).
FROM ${NODE_IMAGE} AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# Only the manifests, so that the dependency layer below is rebuilt when they change, not when
# a source file does.
FROM ${PYTHON_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name pyproject.toml ! -name uv.lock -delete

FROM ${PYTHON_IMAGE} AS build
ARG COMPONENT
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /src
COPY --from=uv /uv /usr/local/bin/uv
COPY --from=manifests /src .
RUN --mount=type=cache,target=/root/.cache/uv \
    test -n "${COMPONENT}" || { echo "--build-arg COMPONENT=<name> is required" >&2; exit 1; }; \
    uv sync --frozen --no-dev --no-install-workspace --package "jlp-${COMPONENT}" \
      --python /usr/local/bin/python3
COPY . .
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package "jlp-${COMPONENT}" \
      --python /usr/local/bin/python3 \
    && ln -s "jlp-${COMPONENT}" /app/.venv/bin/jlp-component
COPY --from=web /web/dist /tmp/web-dist
RUN mkdir -p /app/web \
    && if [ "${COMPONENT}" = gateway ]; then cp -r /tmp/web-dist/. /app/web/; fi

FROM ${PYTHON_IMAGE} AS runtime
ARG COMPONENT
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=""
LABEL org.opencontainers.image.title="jlp-${COMPONENT}" \
      org.opencontainers.image.description="Smart Jiulongpo ${COMPONENT}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.vendor="Smart Jiulongpo" \
      org.opencontainers.image.base.name="python:3.11-slim-trixie"
RUN groupadd --system --gid 10001 jlp \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin jlp
COPY --from=build --chown=root:root /app/.venv /app/.venv
COPY --from=build --chown=root:root /app/web /app/web
ENV PATH="/app/.venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    JLP_METRICS_PORT=9464
WORKDIR /app
USER 10001:10001
ENTRYPOINT ["jlp-component"]
