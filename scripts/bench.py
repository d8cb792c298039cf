"""`make bench`: import throughput, and server response times of key pages as ratios to a
minimal Django view.

1. Imports BENCH_EXPERTS (default 2,000) generated experts into a fresh SQLite database holding the
   demo data, then imports the same file again (all unchanged): records per second for both,
   written to var/bench/import.json.
2. Starts `samverkan serve` with production settings on that database and requests each URL
   sequentially over one keep-alive connection: median and p95, written to var/bench/pages.json.
   The coordinator's pages (the person picker on a need, what it fetches while the user types)
   are requested as the demo coordinator, logged in.

Numbers depend on the machine: compare ratios, not milliseconds.
"""

import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
EXPERTS = int(os.environ.get("BENCH_EXPERTS", "2000"))
WARMUP = 20
URLS = {
    "baseline (minimal view)": "/healthz",
    "home": "/sv/",
    "municipality page": "/sv/kommuner/1490/",
    "municipality list": "/sv/kommuner/",
    "API municipalities": "/api/v1/municipalities?limit=100",
    "people search (one word)": "/sv/personer/?q=%C3%A4ldreomsorg",
    "people search (two words)": "/sv/personer/?q=kompetens+skola",
    "API expert search": "/api/v1/experts?q=klimatanpassning&limit=20",
}
# Requested as the demo coordinator (koordinator@example.se); {need} is one of their needs. The
# picker searches the 2,000 imported experts: "forskare" matches them all, "nummer17" a few.
COORDINATOR_URLS = {
    "person picker, typing (all match)": "/sv/valj/experts/?field=person&id=add_person"
    "&person_q=forskare",
    "person picker, typing (a few match)": "/sv/valj/experts/?field=person&id=add_person"
    "&person_q=nummer17",
    "need page with picker search": "{need}?person_q=forskare",
}
LOG_IN = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from samverkan.accounts.models import User
from samverkan.needs.permissions import coordinated_needs
user = User.objects.get(email="koordinator@example.se")
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
need = coordinated_needs(user).order_by("pk").first()
print(json.dumps({"cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
                  "need": need.get_absolute_url()}))
"""
KEYWORDS = [
    "äldreomsorg",
    "arbetsmiljö",
    "kompetensförsörjning",
    "klimatanpassning",
    "cirkulär ekonomi",
    "skola",
    "integration",
    "digitalisering",
    "folkhälsa",
    "energi",
    "dagvatten",
    "upphandling",
]
UNIVERSITIES = [
    "Högskolan i Borås",
    "Chalmers tekniska högskola",
    "Göteborgs universitet",
    "Högskolan Väst",
    "Jönköping University",
    "Högskolan i Skövde",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samverkan.settings.production",
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SAMVERKAN_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    return env


CLI = [sys.executable, "-m", "samverkan"]


def prepare_database(env: dict[str, str]) -> None:
    subprocess.run([*CLI, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*CLI, "demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run([*CLI, "collectstatic", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)


def generated_experts(path: Path, count: int) -> None:
    """Synthetic but varied expert records in the import format of the external contract."""
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            keywords = [KEYWORDS[(number * 7 + step) % len(KEYWORDS)] for step in range(3)]
            record = {
                "external_id": f"bench-{number}",
                "name": f"Forskare Nummer{number}",
                "email": f"forskare{number}@bench.example.se",
                "organization": UNIVERSITIES[number % len(UNIVERSITIES)],
                "title": "Universitetslektor",
                "expertise": "Jag forskar om " + ", ".join(keywords) + " tillsammans med kommuner.",
                "keywords": keywords,
                "languages": ["sv", "en"],
                "sdgs": [number % 17 + 1],
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def measure_import(env: dict[str, str], path: Path) -> dict:
    results = {}
    for run in ("first import (created)", "second import (unchanged)"):
        start = time.perf_counter()
        subprocess.run(
            [*CLI, "import", "experts", str(path)],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - start
        results[run] = {
            "records": EXPERTS,
            "seconds": round(seconds, 2),
            "records_per_second": round(EXPERTS / seconds, 1),
        }
    return results


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("The server did not start.")


def coordinator_session(env: dict[str, str]) -> tuple[str, dict[str, str]]:
    """A session cookie of the demo coordinator and the URLs to request with it."""
    output = subprocess.run(
        [*CLI, "shell", "-c", LOG_IN], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    ).stdout
    found = json.loads(output.strip().splitlines()[-1])
    urls = {name: path.format(need=found["need"]) for name, path in COORDINATOR_URLS.items()}
    return found["cookie"], urls


def measure(port: int, path: str, cookie: str = "") -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {})}
    timings = []
    for number in range(WARMUP + REQUESTS):
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        if number >= WARMUP:
            timings.append(elapsed)
    connection.close()
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        env = server_env(Path(data_dir))
        prepare_database(env)
        experts_file = Path(data_dir) / "experts.jsonl"
        generated_experts(experts_file, EXPERTS)
        imports = measure_import(env, experts_file)
        cookie, coordinator_urls = coordinator_session(env)
        requests = [(name, path, "") for name, path in URLS.items()]
        requests += [(name, path, cookie) for name, path in coordinator_urls.items()]
        server = start_server(env, port)
        try:
            results = {}
            for name, path, session in requests:
                timings = measure(port, path, session)
                results[name] = {
                    "as": "coordinator" if session else "visitor",
                    "path": path,
                    "requests": len(timings),
                    "median_ms": round(statistics.median(timings), 2),
                    "p95_ms": round(percentile(timings, 0.95), 2),
                }
        finally:
            server.terminate()
            server.wait(timeout=10)
    baseline = results["baseline (minimal view)"]
    for result in results.values():
        result["median_ratio"] = round(result["median_ms"] / baseline["median_ms"], 2)
        result["p95_ratio"] = round(result["p95_ms"] / baseline["p95_ms"], 2)
    report = {
        "benchmark": "pages",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "database": "sqlite",
        "people": f"demo data + {EXPERTS} imported experts",
        "results": results,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "pages.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    import_report = {**{k: v for k, v in report.items() if k != "results"}, "benchmark": "import"}
    import_report["results"] = imports
    (OUT / "import.json").write_text(json.dumps(import_report, indent=2, ensure_ascii=False) + "\n")
    for name, result in imports.items():
        print(
            f"{name}: {result['records']} experts in {result['seconds']} s, "
            f"{result['records_per_second']} records/s"
        )
    print(f"{'page':<38}{'median ms':>10}{'p95 ms':>10}{'x median':>10}{'x p95':>8}")
    for name, result in results.items():
        print(
            f"{name:<38}{result['median_ms']:>10.2f}{result['p95_ms']:>10.2f}"
            f"{result['median_ratio']:>10.2f}{result['p95_ratio']:>8.2f}"
        )
    print(f"Written to {OUT / 'pages.json'}")


# --- Matching at scale ---------------------------------------------------------------------------
# Index build, memory and `match` latency at 1,000 to 50,000 experts live in their own script (it
# can run alone); `make bench` runs it after the page benchmark. Writes var/bench/matching.json.


def matching_benchmark() -> None:
    script = ROOT / "scripts" / "bench_matching.py"
    subprocess.run([sys.executable, str(script)], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
    matching_benchmark()
