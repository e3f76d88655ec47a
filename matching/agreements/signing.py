"""The signing step, pluggable: a Signer confirms that a person signs a document and returns
the evidence to store with the signature.

The default, InAppSigner, is the confirmation of a logged-in user (the session is the proof of
identity). An e-identification such as BankID would be another Signer: it starts an order with
the document's checksum as the text to sign, waits for the signer's app and returns the
provider's order reference; setting AGREEMENTS_SIGNER to its dotted path switches to it.
"""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from backend.accounts.models import User


@dataclass(frozen=True)
class Evidence:
    """What the signing method proves: its name and its own reference (an order id …)."""

    method: str
    reference: str = ""


# A counsellor records the guardian's consent (a paper form, a call) with the guardian's name:
# the PDF and the pages say so, and the reference names the counsellor.
RECORDED_BY_SCHOOL = "recorded_by_school"


class Signer(Protocol):
    def sign(self, *, sha256: str, party: str, signer_name: str, by: User) -> Evidence:
        """Have the person sign the document with this checksum; raise
        django.core.exceptions.ValidationError when they do not."""


class InAppSigner:
    """The logged-in user confirms in the app; nothing more to check."""

    def sign(self, *, sha256: str, party: str, signer_name: str, by: User) -> Evidence:
        return Evidence(method="in_app")


def signer() -> Signer:
    return import_string(settings.AGREEMENTS_SIGNER)()
