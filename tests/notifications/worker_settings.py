"""Settings of the Celery worker that tests/notifications/test_worker.py starts: the test
settings, with tasks sent through the broker and e-mail written to files the test reads
(TEST_MAIL_DIR), slowly on the first send when SLOW_MAIL_MARKER is set."""

import os

from backend.test_settings import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "tests.notifications.mailbackends.SlowFileBackend"
EMAIL_FILE_PATH = os.environ["TEST_MAIL_DIR"]
