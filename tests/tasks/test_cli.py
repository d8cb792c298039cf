"""The command line on a fresh data directory: it sets the database up or says in one line what
to do, and what it imports can be found at once, without a worker."""

import json
import subprocess
import sys
from pathlib import Path

from tests.tasks.conftest import ROOT, base_env

EXPERT = {
    "external_id": "cli-1",
    "name": "Siv Strand",
    "email": "siv.strand@example.se",
    "organization": "Högskolan i Borås",
    "expertise": "Jag forskar om hållbar dagvattenhantering och gröna tak i städer.",
    "visibility": "public",
    "consent": True,
}


def samverkan(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = base_env(data_dir, f"sqlite:///{data_dir / 'samverkan.sqlite3'}")
    env.pop("DJANGO_SETTINGS_MODULE")  # the command's own default
    return subprocess.run(
        [sys.executable, "-m", "samverkan", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_an_import_on_a_fresh_data_directory_sets_it_up_and_is_found_at_once(tmp_path):
    path = tmp_path / "experts.jsonl"
    path.write_text(json.dumps(EXPERT, ensure_ascii=False) + "\n", encoding="utf-8")
    imported = samverkan(tmp_path, "import", "experts", str(path))
    assert imported.returncode == 0, imported.stderr
    found = samverkan(tmp_path, "match", "dagvatten och gröna tak", "--kind", "expert")
    assert found.returncode == 0, found.stderr
    assert "Siv Strand" in found.stdout


def test_a_command_on_a_database_that_is_not_set_up_says_what_to_run(tmp_path):
    result = samverkan(tmp_path, "export", "experts")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert "samverkan migrate" in line
