# syntax=docker/dockerfile:1
# Build stage: install the coach into a virtual environment and compile the catalogs.
FROM python:3.11-slim AS build
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir .
COPY locales ./locales
RUN pybabel compile -d locales -D messages

# Run stage: only the environment, the code, catalogs and migrations; a non-root user.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 coach
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app/locales ./locales
COPY bot ./bot
COPY migrations ./migrations
COPY alembic.ini ./
ENV PATH="/opt/venv/bin:$PATH" PYTHONUNBUFFERED=1 DATABASE_URL=sqlite+aiosqlite:////data/pelatih.db
RUN mkdir /data && chown coach:coach /data
USER coach
VOLUME ["/data"]
# Migrations run at start-up (and can be run alone with `python -m bot migrate`).
CMD ["python", "-m", "bot"]
