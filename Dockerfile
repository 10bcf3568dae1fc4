# 丈量 server image: gunicorn serving the API and the field app.
# Build: docker build -t zhangliang .   Run: docker run -p 8000:8000 -v zl-data:/data zhangliang
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ZHANGLIANG_DATA_DIR=/data \
    ZHANGLIANG_PWA_DIR=/app/pwa
WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
COPY sync ./sync
COPY pwa ./pwa
RUN pip install --no-cache-dir . && mkdir -p /data
VOLUME /data
EXPOSE 8000
CMD ["sh", "-c", "zhangliang init && exec gunicorn --bind 0.0.0.0:8000 --workers 2 --threads 4 --worker-class gthread --access-logfile - server.wsgi:app"]
