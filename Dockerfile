# syntax=docker/dockerfile:1
# BackCoach: `docker compose up -d` (compose.yaml) runs it with PostgreSQL. Build alone:
#   docker build -t backcoach .            (add --build-arg EXTRAS=sentry for SENTRY_DSN)
# scripts/check_container.sh runs these same steps without Docker.
ARG PYTHON_IMAGE=python:3.11.7-slim-bookworm

# --- 1. the virtualenv: dependencies first (a layer that changes only with pyproject.toml) ---
FROM ${PYTHON_IMAGE} AS venv
ARG EXTRAS=""
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY pyproject.toml scripts/requirements.py ./
RUN python requirements.py pyproject.toml ${EXTRAS} > requirements.txt \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install -r requirements.txt
COPY bot /app/bot
# Compiled once here: the running user cannot write next to the code.
RUN /opt/venv/bin/python -m compileall -q --invalidation-mode unchecked-hash /app/bot

# --- 2. the image that runs: no compilers, no pip cache, not root ---
FROM ${PYTHON_IMAGE}
RUN useradd --system --user-group --uid 10001 --home-dir /app --shell /usr/sbin/nologin backcoach \
    && mkdir -p /var/lib/backcoach && chown backcoach:backcoach /var/lib/backcoach
COPY --from=venv /opt/venv /opt/venv
COPY --from=venv /app/bot /app/bot
COPY data /app/data
WORKDIR /app
# The code (bot/) finds data/ beside it; SQLite (when no DATABASE_URL is given) lives in the
# volume. HEALTH_PORT serves /healthz, /readyz and /metrics, on every interface of the container
# (a published port cannot reach its loopback); webhook mode listens on PORT.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATABASE_URL=sqlite+aiosqlite:////var/lib/backcoach/backcoach.db \
    UPDATE_SPOOL=/var/lib/backcoach/update-spool.jsonl \
    HEALTH_HOST=0.0.0.0 \
    HEALTH_PORT=8080 \
    PORT=8443
VOLUME /var/lib/backcoach
USER backcoach
EXPOSE 8080 8443
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/healthz' % os.environ['HEALTH_PORT'], timeout=4)"]
CMD ["python", "-m", "bot"]
