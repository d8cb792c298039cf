import http.client
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from samverkan.kernel.proxy import waitress_options
from samverkan.settings.base import proxy_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "samverkan.settings.production",
    "SECRET_KEY": "p" * 20 + "r0duct10n-s3cr3t-k3y-w1th-3n0ugh-3ntr0py-" + "q" * 20,
    "ALLOWED_HOSTS": "samverkan.example.se",
    "SAMVERKAN_SITE_URL": "https://samverkan.example.se",
}
PRINT_SETTINGS = [
    "shell",
    "-v",
    "0",
    "-c",
    "from django.conf import settings as s; print(s.SECRET_KEY, s.DEBUG, s.SECURE_SSL_REDIRECT)",
]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    return subprocess.run(
        [sys.executable, *args],
        env={**environment, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_deploy_check_with_production_settings_is_clean(tmp_path):
    result = run(
        ["-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        {**PRODUCTION_ENV, "SAMVERKAN_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_each_installation_makes_its_own_readable_by_its_owner_only(
    tmp_path,
):
    env = {**PRODUCTION_ENV, "SECRET_KEY": "", "SAMVERKAN_DATA_DIR": str(tmp_path / "one")}
    first = run(["-m", "django", *PRINT_SETTINGS], env)
    again = run(["-m", "django", *PRINT_SETTINGS], env)
    other = run(
        ["-m", "django", *PRINT_SETTINGS],
        {**env, "SAMVERKAN_DATA_DIR": str(tmp_path / "two")},
    )
    assert first.returncode == 0, first.stderr
    key = first.stdout.split()[0]
    assert len(key) >= 50
    assert again.stdout.split()[0] == key
    assert other.stdout.split()[0] != key
    mode = stat.S_IMODE((tmp_path / "one" / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_production_refuses_a_short_secret_key(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY": "short", "SAMVERKAN_DATA_DIR": str(tmp_path)}
    result = run(["-m", "django", "check"], env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_the_command_line_and_make_run_run_without_debug_unless_told(tmp_path):
    """A plain `samverkan` gets the production settings; on a site served over plain HTTP (a
    laptop) they do not redirect to HTTPS, which would make it unreachable."""
    env = {"SAMVERKAN_DATA_DIR": str(tmp_path), "SECRET_KEY": "", "SAMVERKAN_SITE_URL": ""}
    plain = run(["-m", "samverkan", *PRINT_SETTINGS], env)
    development = {**env, "DJANGO_SETTINGS_MODULE": "samverkan.settings.development"}
    demo = run(["-m", "samverkan", *PRINT_SETTINGS], development)
    debugging = run(["-m", "samverkan", *PRINT_SETTINGS], {**development, "DEBUG": "1"})
    assert plain.returncode == 0, plain.stderr
    key, debug, redirect = plain.stdout.split()
    assert (debug, redirect) == ("False", "False")
    assert key == (tmp_path / "secret_key").read_text().strip()
    # `make run` shows the product's own error pages; DEBUG=1 asks for tracebacks.
    assert demo.stdout.split()[1] == "False"
    assert debugging.stdout.split()[1] == "True"
    assert demo.stdout.split()[0] == debugging.stdout.split()[0] == key


def test_python_dash_m_samverkan_is_the_cli(tmp_path):
    result = run(["-m", "samverkan", "help"], {"SAMVERKAN_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0
    assert "import_data" in result.stdout and "serve" in result.stdout and "demo" in result.stdout


def entries(po: Path) -> dict[str, str]:
    """msgid -> msgstr (plural forms joined) for every entry of a catalogue, header excluded."""
    text = po.read_text(encoding="utf-8")
    result = {}
    for block in text.split("\n\n"):
        if "#, fuzzy" in block:
            result[f"FUZZY:{block}"] = ""
        ids = re.findall(r'^msgid "(.*)"\n((?:".*"\n)*)', block + "\n", re.M)
        if not ids:
            continue
        msgid = ids[0][0] + "".join(re.findall(r'"(.*)"', ids[0][1]))
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n((?:".*"\n?)*)', block + "\n", re.M)
        values = [first + "".join(re.findall(r'"(.*)"', rest)) for first, rest in strs]
        if msgid:
            result[msgid] = "" if any(not value for value in values) else "|".join(values)
    return result


def test_both_catalogues_are_complete_and_current(tmp_path):
    """Every text in the code is in both catalogues, translated and not fuzzy."""
    package = tmp_path / "samverkan"
    shutil.copytree(ROOT / "samverkan", package, ignore=shutil.ignore_patterns("*.mo", "static"))
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "sv", "-l", "en", "--no-obsolete"],
        cwd=package,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "samverkan.settings.test"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for language in ("sv", "en"):
        committed = entries(ROOT / f"samverkan/locale/{language}/LC_MESSAGES/django.po")
        current = entries(package / f"locale/{language}/LC_MESSAGES/django.po")
        missing = sorted(set(current) - set(committed))
        assert not missing, f"{language}: not in the catalogue, run `make messages`: {missing}"
        untranslated = sorted(msgid for msgid, msgstr in committed.items() if not msgstr)
        assert not untranslated, f"{language}: untranslated or fuzzy: {untranslated}"


@contextmanager
def waitress_site(trusted_proxy: str, **overrides: object) -> Iterator[int]:
    """The site behind Waitress as ``serve`` configures it, on a free port."""
    from django.core.wsgi import get_wsgi_application
    from waitress import create_server

    with override_settings(**proxy_settings(trusted_proxy), **overrides):
        application = get_wsgi_application()  # the middleware reads the settings as it starts
        server = create_server(
            application, host="127.0.0.1", port=0, threads=2, **waitress_options()
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            yield server.effective_port
        finally:
            # Waitress has no stop(): its loop ends when its map of sockets is empty.
            server.task_dispatcher.shutdown()
            sockets = list(server._map.values())
            server._map.clear()
            thread.join(timeout=10)
            for dispatcher in sockets:
                dispatcher.close()


def call(
    port: int, path: str, headers: dict[str, str], body: str | None = None
) -> tuple[int, str, str]:
    """GET (or POST ``body``): status, first cookie and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET" if body is None else "POST", path, body=body, headers=headers)
        response = connection.getresponse()
        cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
        return response.status, cookie, response.read().decode()
    finally:
        connection.close()


@pytest.mark.parametrize(("trusted", "status"), [("127.0.0.1", 200), ("", 301)])
def test_https_from_the_proxy_counts_only_when_the_proxy_is_trusted(trusted, status):
    """With a trusted proxy, `X-Forwarded-Proto: https` is believed and the HTTPS redirect is
    satisfied; without one the header is ignored (and a proxy that sends it would loop)."""
    with waitress_site(trusted, SECURE_SSL_REDIRECT=True) as port:
        response = call(port, "/healthz", {"X-Forwarded-Proto": "https"})
    assert response[0] == status


def failed_logins(port: int, client: str, count: int) -> list[int]:
    """``count`` wrong passwords, for different accounts, from one client behind the proxy."""
    with translation.override("sv"):
        path = reverse("accounts:login")
    _status, cookie, page = call(port, path, {"X-Forwarded-For": client})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    statuses = []
    headers = {
        "X-Forwarded-For": client,
        "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    for number in range(count):
        body = f"csrfmiddlewaretoken={token}&username=nobody{number}%40example.se&password=wrong"
        statuses.append(call(port, path, headers, body)[0])
    return statuses


@pytest.mark.parametrize(("trusted", "shared"), [("127.0.0.1", False), ("", True)])
def test_clients_behind_a_trusted_proxy_have_their_own_rate_limits(
    trusted, shared, settings, django_db_setup, django_db_blocker
):
    limit = 3
    settings.SAMVERKAN_LOGIN_RATE = f"{limit}/m"
    with django_db_blocker.unblock(), waitress_site(trusted) as port:
        first = failed_logins(port, "203.0.113.5", limit + 1)
        second = failed_logins(port, "198.51.100.7", 1)
    assert first == [200] * limit + [429]
    assert (second == [429]) is shared


def test_make_run_shows_the_products_own_not_found_page(tmp_path):
    """The demo (development settings, no DEBUG asked for) answers an unknown address with the
    page a visitor sees, not Django's debugging page."""
    env = {
        "DJANGO_SETTINGS_MODULE": "samverkan.settings.development",
        "SAMVERKAN_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "",
    }
    assert run(["-m", "samverkan", "migrate", "-v", "0"], env).returncode == 0
    fetch = (
        "from django.test import Client; "
        "r = Client(HTTP_HOST='localhost').get('/en/no-such-page/'); "
        "print(r.status_code, b'We could not find that page' in r.content, b'URLconf' in r.content)"
    )
    result = run(["-m", "samverkan", "shell", "-v", "0", "-c", fetch], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["404", "True", "False"]
