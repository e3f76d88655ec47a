# The production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim

# Bytecode is compiled once here (UV_COMPILE_BYTECODE, compileall), not by every worker and
# command at start-up: writing it at run time is off (PYTHONDONTWRITEBYTECODE).
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv PATH="/opt/venv/bin:$PATH"
WORKDIR /app

RUN pip install --no-cache-dir uv
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
RUN python -m compileall -q backend companies schools matching frontend \
    && DEBUG=true python manage.py collectstatic --noinput \
    && useradd --system --home /app praktik && mkdir -p /app/var/media && chown -R praktik /app/var
USER praktik

EXPOSE 8000
CMD ["gunicorn", "backend.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
