# betabot: the Mattermost assistant of the beta.gouv.fr community.
# Build: docker build -t betabot .   Run: docker run --env-file .env -p 8080:8080 betabot
# Python 3.13: the newest version the whole suite runs on in CI (.ci/run), Debian 13's own
# Python, and supported upstream until 2029; 3.11 (the oldest supported) is tested too.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Runtime dependencies only, exactly the versions and files (hashes) of requirements.lock:
# the same install command as the README's "Déployer" section.
COPY pyproject.toml README.md requirements.lock ./
COPY bot/ ./bot/
RUN pip install --require-hashes -r requirements.lock && pip install --no-deps .

# Knowledge baked in; mount another folder over /app/knowledge (or point
# BETABOT_KNOWLEDGE_DIR elsewhere) to change it without rebuilding.
COPY knowledge/ /app/knowledge/

RUN useradd --system --uid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin betabot \
    && mkdir -p /data \
    && chown betabot /data
USER betabot

# BETABOT_DATA_DIR: a relative SQLite path (the default betabot.sqlite3, or the one of a `.env`
# copied from .env.example) lands in the volume, never in /app where the bot may not write.
ENV BETABOT_KNOWLEDGE_DIR=/app/knowledge \
    BETABOT_DATA_DIR=/data \
    BETABOT_HTTP_HOST=0.0.0.0
# No BETABOT_HTTP_PORT here: a platform running the image gives its port in PORT, which the bot
# reads when BETABOT_HTTP_PORT is absent (8080 otherwise).
VOLUME ["/data"]
EXPOSE 8080

# slim has no curl: the standard library asks /healthz (HTTP errors and 503 exit non-zero).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + (os.environ.get('BETABOT_HTTP_PORT') or os.environ.get('PORT') or '8080') + '/healthz', timeout=4)"]

CMD ["betabot", "run"]
