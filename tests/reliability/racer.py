"""One racer of tests/reliability/test_concurrency_processes.py, run as its own process:

    python -m tests.reliability.racer GO_FILE METHOD PATH TOKEN [JSON_BODY]

It loads Django (settings and DATABASE_URL from the environment), says "ready", waits until
GO_FILE exists (every racer starts at once), sends its one API request through the whole stack
(authentication, permissions, services, the database) and prints {"status": ..., "body": ...}.
"""

import json
import os
import sys
import time
from pathlib import Path


def main() -> None:
    go_file, method, path, token = sys.argv[1:5]
    body = sys.argv[5] if len(sys.argv) > 5 else "{}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.test_settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")
    client.get("/api/v1/")  # load the URLs before the start
    print("ready", flush=True)
    go = Path(go_file)
    while not go.exists():
        time.sleep(0.001)
    response = client.generic(method, path, body, content_type="application/json")
    print(json.dumps({"status": response.status_code, "body": response.content.decode()}))


if __name__ == "__main__":
    main()
