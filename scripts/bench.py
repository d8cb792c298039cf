"""`make bench`: server response times of key pages, as ratios to a minimal Django view.

Starts `samverkan serve` with production settings on a fresh SQLite database holding the demo data,
then requests each URL sequentially over one keep-alive connection. Prints a table and writes
var/bench/pages.json. Numbers depend on the machine: compare ratios, not milliseconds.
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
WARMUP = 20
URLS = {
    "baseline (minimal view)": "/healthz",
    "home": "/sv/",
    "municipality page": "/sv/kommuner/1490/",
    "municipality list": "/sv/kommuner/",
    "API municipalities": "/api/v1/municipalities?limit=100",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, port: int) -> subprocess.Popen:
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
    cli = [sys.executable, "-m", "samverkan"]
    subprocess.run([*cli, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*cli, "demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run([*cli, "collectstatic", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)],
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


def measure(port: int, path: str) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    timings = []
    for number in range(WARMUP + REQUESTS):
        start = time.perf_counter()
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
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
        server = start_server(Path(data_dir), port)
        try:
            results = {}
            for name, path in URLS.items():
                timings = measure(port, path)
                results[name] = {
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
        "results": results,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "pages.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"{'page':<26}{'median ms':>10}{'p95 ms':>10}{'x median':>10}{'x p95':>8}")
    for name, result in results.items():
        print(
            f"{name:<26}{result['median_ms']:>10.2f}{result['p95_ms']:>10.2f}"
            f"{result['median_ratio']:>10.2f}{result['p95_ratio']:>8.2f}"
        )
    print(f"Written to {OUT / 'pages.json'}")


if __name__ == "__main__":
    main()
