"""E-mail backends for the tests: one that fails like an SMTP server that went away, and one
that writes files slowly (the worker tests kill a worker while it is inside sending)."""

import os
import smtplib
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class SlowFileBackend(FileBackend):
    """The first send (while the file SLOW_MAIL_MARKER does not exist) writes the sending
    process's id there and sleeps SLOW_MAIL_SECONDS before writing the message: a test kills the
    process while it is inside sending. Later sends write at once."""

    def send_messages(self, email_messages):
        marker = Path(os.environ.get("SLOW_MAIL_MARKER") or os.devnull)
        if marker != Path(os.devnull) and not marker.exists():
            marker.write_text(str(os.getpid()))
            time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
        return super().send_messages(email_messages)
