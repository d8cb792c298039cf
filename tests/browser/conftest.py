"""Browser tests: a real server process with the demo data, driven by Debian's Chromium.

The server runs ``samverkan serve`` on a free port against its own database (a SQLite file, or a
temporary PostgreSQL database when the suite runs on PostgreSQL): a copy of the test runner's
template when there is one, otherwise migrated and filled with the demo here. Each page is checked
with axe-core at 1280 and 320 px and photographed at 1280, 375 and 320 px into
``var/screenshots/``. Under pytest-xdist (``--dist loadgroup``) the files are shared among
``BROWSER_GROUPS`` workers, each with its own server, so the browser tests run side by side.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP, MOBILE, NARROWEST = 1280, 375, 320
SUBJECT = re.compile(r"^Subject: (.*(?:\n[ \t].*)*)", re.MULTILINE)

pytestmark = pytest.mark.browser
TEMPLATE = os.environ.get("SAMVERKAN_TEST_TEMPLATE", "")


# The browser tests run in this many groups, each in one pytest-xdist worker with its own server
# and browser, side by side. A file's tests stay together (a journey may build on the one before).
BROWSER_GROUPS = 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Share the browser tests' files among the groups, the largest first to the least loaded;
    every worker collects the same items, so every worker reaches the same groups."""
    files = Counter(
        item.nodeid.split("::")[0] for item in items if item.get_closest_marker("browser")
    )
    load = [0] * BROWSER_GROUPS
    group_of: dict[str, int] = {}
    for name, count in sorted(files.items(), key=lambda entry: (-entry[1], entry[0])):
        group = load.index(min(load))
        group_of[name] = group
        load[group] += count
    for item in items:
        if item.get_closest_marker("browser"):
            group = group_of[item.nodeid.split("::")[0]]
            item.add_marker(pytest.mark.xdist_group(f"browser-{group}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_database(url: str, name: str, create: bool, template: str = "") -> str:
    """Create (or drop) a database next to the one in ``url``, empty or a copy of ``template``,
    and return its URL."""
    import psycopg

    parts = urlparse(url)
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            copy = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
    return parts._replace(path=f"/{name}").geturl()


@dataclass
class Site:
    base_url: str
    env: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base_url + path

    def mail(self) -> str:
        """Every e-mail the server has sent so far, oldest first, as one text, with the subjects
        decoded (a subject with å, ä or ö is stored as MIME encoded words)."""
        folder = Path(self.env["SAMVERKAN_DATA_DIR"]) / "mail"
        files = sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime)
        text = "\n".join(path.read_text(encoding="utf-8") for path in files)
        return SUBJECT.sub(
            lambda found: f"Subject: {make_header(decode_header(found[1].replace(chr(10), '')))}",
            text,
        )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    data_dir = tmp_path_factory.mktemp("site")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="samverkan.settings.test",
        SAMVERKAN_DATA_DIR=str(data_dir),
        SAMVERKAN_LOGIN_RATE="1000/m",
        SAMVERKAN_NEEDS_RATE="1000/h",
        # The server's e-mail goes to files in its data directory: the tests' mailbox.
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
    )
    # Share the embedding cache with the rest of the suite: the demo is embedded only once.
    env.setdefault("SAMVERKAN_EMBEDDING_CACHE", str(ROOT / "var" / "cache" / "embeddings.sqlite3"))
    pg_url = os.environ.get("DATABASE_URL", "")
    pg_name = f"samverkan_browser_{os.getpid()}"
    if pg_url.startswith("postgres"):
        env["DATABASE_URL"] = postgres_database(pg_url, pg_name, create=True, template=TEMPLATE)
    else:
        if TEMPLATE:
            shutil.copyfile(TEMPLATE, data_dir / "site.sqlite3")
        env["DATABASE_URL"] = f"sqlite:///{data_dir / 'site.sqlite3'}"
    cli = [sys.executable, "-m", "samverkan"]
    if not TEMPLATE:
        subprocess.run([*cli, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*cli, "demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    port = free_port()
    log = (data_dir / "server.log").open("w")
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)], env=env, cwd=ROOT, stdout=log, stderr=log
    )
    base_url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base_url + "/sv/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("The test server did not start: " + (data_dir / "server.log").read_text())
    yield Site(base_url, env)
    server.terminate()
    server.wait(timeout=10)
    if pg_url.startswith("postgres"):
        postgres_database(pg_url, pg_name, create=False)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),  # type: ignore[attr-defined]
    )
    yield page
    context.close()


def log_in(page: Page, site: Site, email: str, password: str = "samverkan-demo") -> None:
    page.goto(site.url("/sv/konto/logga-in/"))
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/sv/konto/")


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical axe-core violations of WCAG 2.1 A/AA rules on the current page, once
    it has loaded (a click that submits a form may still be bringing the next page in)."""
    page.wait_for_load_state()
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    results = page.evaluate(
        "async tags => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"][:5]],
        }
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def assert_accessible(page: Page, name: str, width: int) -> None:
    """No serious or critical axe violation at the viewport width the page is shown at now."""
    violations = axe_violations(page)
    assert violations == [], f"{name} at {width}px: " + json.dumps(violations, indent=1)


WIDEST_ELEMENTS = """width => [...document.querySelectorAll('body *')]
    .filter(e => e.scrollWidth > width || e.getBoundingClientRect().right > width)
    .slice(-3).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40))
    .join(' | ')"""


def check_page(page: Page, name: str, status: int = 200) -> None:
    """Accessibility at the widest and narrowest widths, console errors, responsiveness and
    screenshots of the page that is open.

    Axe runs at 1280 and 320 px: what moves, folds or wraps on a phone must stay accessible too.
    A page that is itself an error page (``status``) logs its own status in the console; any
    other console error (a blocked script, a missing file) fails the check.
    """
    assert_accessible(page, name, DESKTOP)
    own_status = f"the server responded with a status of {status}"
    errors = [e for e in page.console_errors if status == 200 or own_status not in e]  # type: ignore[attr-defined]
    assert errors == [], errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{DESKTOP}.png", full_page=True)
    for width in (MOBILE, NARROWEST):
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name}: {overflow}px wide at {width}px: " + page.evaluate(
            WIDEST_ELEMENTS, width
        )
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    assert_accessible(page, name, NARROWEST)
    page.set_viewport_size({"width": DESKTOP, "height": 900})
