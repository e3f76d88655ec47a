"""Playwright drives Debian's Chromium (apt-get install chromium); it never downloads one."""

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")

# live_server runs Django in a thread next to Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM:
                item.add_marker(
                    pytest.mark.skip(reason="Chromium not installed (apt-get install chromium)")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The users are in Sweden: their browsers ask for Swedish first.
    return {**browser_context_args, "locale": "sv-SE"}


# --- a small region, users of every role, and helpers for the journeys ---------------------

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROWEST = 360


@pytest.fixture
def region(make_member) -> Any:
    """The page tests' world (tests/frontend/conftest.py) with the names a person reads: an
    Örebro company, Rudbecksgymnasiet and its student Alva Berg."""
    from tests.frontend.conftest import build_world

    return build_world(
        make_member,
        company_name="Volta Laddteknik AB",
        school_name="Rudbecksgymnasiet",
        student_name=("Alva", "Berg"),
    )


@pytest.fixture
def login_as(browser, live_server):
    """login_as(user, language="en") -> a new page in its own browser context, signed in by a
    session cookie (client.force_login), in English unless asked otherwise. Only the login test
    types a password."""
    from django.conf import settings
    from django.test import Client

    contexts = []

    def make(user, *, language: str = "en", viewport: dict | None = None) -> Page:
        context = browser.new_context(locale="sv-SE", viewport=viewport or DESKTOP)
        contexts.append(context)
        cookies = [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
        ]
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append(
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
            )
        context.add_cookies(cookies)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page: Page, name: str) -> None:
    """var/screenshots/<name>-desktop.png (1366 px wide) and <name>-phone.png (390 px)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=SCREENSHOTS / f"{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / f"{name}-phone.png", full_page=True)
    page.set_viewport_size(size)
