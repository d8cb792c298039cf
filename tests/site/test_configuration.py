import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "samverkan.settings.production",
    "SECRET_KEY": "p" * 20 + "r0duct10n-s3cr3t-k3y-w1th-3n0ugh-3ntr0py-" + "q" * 20,
    "ALLOWED_HOSTS": "samverkan.example.se",
}


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


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY": "", "SAMVERKAN_DATA_DIR": str(tmp_path)}
    result = run(["-m", "django", "check"], env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


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
