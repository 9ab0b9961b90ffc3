# syntax=docker/dockerfile:1
# Build stage: install the coach into a virtual environment. The catalogs (bot.locales) and the
# migrations (bot.migrations) are package data, so the one install carries them; the catalogs
# are then compiled beside the installed .po files, where bot/i18n.py prefers a current .mo.
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY locales ./locales
COPY migrations ./migrations
# (python -P: the installed package, not the sources in the working directory.)
RUN pip install --no-cache-dir . \
    && pybabel compile --domain messages \
        --directory "$(python -P -c 'from bot.i18n import LOCALES_DIR; print(LOCALES_DIR)')"

# Run stage: only the virtual environment, which holds the coach; a non-root user.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 coach
COPY --from=build /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" PYTHONUNBUFFERED=1 DATABASE_URL=sqlite+aiosqlite:////data/pelatih.db
RUN mkdir /data && chown coach:coach /data
USER coach
WORKDIR /home/coach
VOLUME ["/data"]
# Migrations run at start-up (and can be run alone with `python -m bot migrate`).
CMD ["python", "-m", "bot"]
