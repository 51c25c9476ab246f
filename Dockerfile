# SuppEQ API image. Configuration is by SUPPEQ_* environment variables only.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    SUPPEQ_LOG_JSON=true \
    SUPPEQ_DATABASE_URL=sqlite:////data/suppeq.db \
    SUPPEQ_MODELS_DIR=/srv/suppeq/models

WORKDIR /srv/suppeq

# The CPU build of torch first, so that nothing pulls a CUDA build.
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

COPY pyproject.toml README.md ./
COPY app ./app
COPY training ./training
COPY models ./models
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 suppeq \
    && mkdir /data && chown suppeq /data

USER suppeq
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["sh", "-c", "suppeq migrate && exec uvicorn app.main:create_app --factory --host 0.0.0.0 --port 8000"]
