"""Throughput under gunicorn: a session page against a bare hello route, and the session page while
uncached PDFs are asked for. Run from the checkout: python bench/bench_throughput.py [--duration S]

It makes a throw-away instance (PostgreSQL when --database-url names one, or when a local cluster
lets `su postgres` create the database `eventsite_bench`; else SQLite, and it says so), loads the
demo and a generated forum of --renders sessions with published minutes (imported, so none has its
stored PDF yet), starts its own redis-server and `flask --app eventsite worker`, and gunicorn with
2 workers on 127.0.0.1. The load generator is wrk (Debian package `wrk`) with --connections
connections. It prints:

- requests/s of /bench-hello (a route that returns "hello", through the same app and its hooks) and of
  the demo session page, and their ratio;
- for each of "queue" (QUEUE_URL set, renders on the worker) and "in-process" (no queue: renders in
  the web workers, as before): --readers readers of the session page, one request after another
  (10 s allowed each): answers, latency and timeouts, while wrk with --connections connections asks
  for the uncached minutes PDFs one after another, round and round (not following the 303 to the job's
  page); and how wrk's PDF requests were answered (requests/s, latency, timeouts).

Every request goes to 127.0.0.1 only. The machine may be shared: the figures are what they were.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))
sys.path.insert(0, str(CHECKOUT / "bench"))

SESSION_PAGE = "/forums/technoprom-2016/innovation-cluster-vectors-of-development/"
PORT = int(os.environ.get("BENCH_PORT", "5221"))
#: the bench's own redis-server; a free port unless BENCH_REDIS_PORT names one
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "0"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def local_postgres() -> str | None:
    """A fresh database on the local cluster, if there is one and we may create it."""
    if shutil.which("pg_lsclusters") is None:
        return None
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.split()
    if len(clusters) < 4 or clusters[3] != "online":
        return None
    port = clusters[2]

    def psql(sql: str) -> bool:
        return subprocess.run(["su", "postgres", "-c", f'psql -p {port} -qtAc "{sql}"'], cwd="/",
                              capture_output=True).returncode == 0

    psql("CREATE ROLE eventsite_bench LOGIN PASSWORD 'eventsite_bench'")
    psql("DROP DATABASE IF EXISTS eventsite_bench")
    if not psql("CREATE DATABASE eventsite_bench OWNER eventsite_bench"):
        return None
    return f"postgresql+psycopg://eventsite_bench:eventsite_bench@127.0.0.1:{port}/eventsite_bench"


def wait_for(url: str, seconds: float = 300) -> None:
    # a loaded machine takes minutes to start gunicorn and warm its workers
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def warm(url: str, seconds: float = 180) -> None:
    """Ask until 10 answers in a row came within a second: each worker's first page compiles templates
    and loads catalogs, which on a busy machine takes several seconds and would count as the server's."""
    deadline, fast = time.monotonic() + seconds, 0
    while fast < 10 and time.monotonic() < deadline:
        started = time.monotonic()
        urllib.request.urlopen(url, timeout=60).read()
        fast = fast + 1 if time.monotonic() - started < 1 else 0


def wrk(url: str, duration: int, connections: int) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", url],
                         capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    timeouts = re.search(r"timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    return {"rps": rps, "timeouts": int(timeouts.group(1)) if timeouts else 0,
            "errors": int(non_2xx.group(1)) if non_2xx else 0,
            "p50": p50.group(1) if p50 else "?", "p99": p99.group(1) if p99 else "?"}


def readers(url: str, duration: float, threads: int, timeout: float = 10) -> dict:
    """`threads` readers asking for `url` one request after another for `duration` seconds, each
    request allowed `timeout` seconds: answers, timeouts and latencies (what a person would wait)."""
    times: list[float] = []
    failures = {"timeouts": 0, "errors": 0}
    lock = threading.Lock()
    end = time.monotonic() + duration

    def read() -> None:
        while time.monotonic() < end:
            started = time.monotonic()
            try:
                urllib.request.urlopen(url, timeout=timeout).read()
            except (TimeoutError, socket.timeout):
                with lock:
                    failures["timeouts"] += 1
                continue
            except urllib.error.URLError as exc:
                with lock:
                    failures["timeouts" if isinstance(exc.reason, (TimeoutError, socket.timeout)) else "errors"] += 1
                continue
            with lock:
                times.append(time.monotonic() - started)

    pool = [threading.Thread(target=read) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    times.sort()
    pick = (lambda q: f"{times[min(len(times) - 1, int(q * len(times)))] * 1000:.0f} ms") if times else (lambda q: "—")
    return {"answers": len(times), "rps": len(times) / duration, "p50": pick(0.5), "p99": pick(0.99), **failures}


def wrk_paths(base: str, paths: list[str], duration: int, connections: int, folder: Path) -> dict:
    """wrk asking for `paths` in turn, round and round, for `duration` seconds."""
    script = folder / "paths.lua"
    script.write_text("paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\n"
                      "i = 0\n"
                      "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n")
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency",
                          "-s", str(script), base], capture_output=True, text=True).stdout
    found = {name: re.search(pattern, out) for name, pattern in {
        "rps": r"Requests/sec:\s+([\d.]+)", "requests": r"(\d+) requests in", "timeouts": r"timeout (\d+)",
        "p50": r"50%\s+([\d.]+\w+)", "p99": r"99%\s+([\d.]+\w+)"}.items()}
    return {name: (match.group(1) if match else "0") for name, match in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--readers", type=int, default=8, help="readers of the session page while PDFs render")
    parser.add_argument("--renders", type=int, default=40, help="sessions whose minutes PDF is uncached")
    parser.add_argument("--database-url")
    parser.add_argument("--modes", nargs="+", choices=["queue", "in-process"], default=["queue", "in-process"],
                        help="which of the loaded runs to make")
    parser.add_argument("--threads", type=int, default=0,
                        help="gunicorn's gthread workers with this many threads each (0: sync workers)")
    parser.add_argument("--renders-only", action="store_true", help="leave out the hello-vs-session part")
    parser.add_argument("--pages-only", action="store_true", help="only the hello route against the session page")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")

    folder = Path(tempfile.mkdtemp(prefix="eventsite-bench-throughput-"))
    database = args.database_url or local_postgres()
    if database is None:
        database = f"sqlite:///{folder / 'bench.sqlite'}"
        print("PostgreSQL is not available here: measuring on SQLite")
    redis_port = REDIS_PORT or free_port()
    env = {**os.environ, "EVENTSITE_INSTANCE_PATH": str(folder / "instance"), "EVENTSITE_DATABASE_URL": database,
           "EVENTSITE_SECRET_KEY": "bench-secret", "EVENTSITE_CREATE_FIRST_ADMIN": "false",
           "EVENTSITE_PDF_CACHE_DIR": str(folder / "pdf-cache"), "PYTHONPATH": str(CHECKOUT)}
    queue_url = f"redis://127.0.0.1:{redis_port}/0"
    flask = [sys.executable, "-m", "flask", "--app", "eventsite"]
    processes: list[subprocess.Popen] = []
    log = open(folder / "servers.log", "w")

    def start(command, extra_env=None) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=CHECKOUT, env={**env, **(extra_env or {})}, stdout=log,
                                   stderr=subprocess.STDOUT)
        processes.append(process)
        return process

    def stop(process: subprocess.Popen) -> None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        processes.remove(process)

    try:
        print(f"database: {database.split('@')[-1] if '@' in database else database}")
        subprocess.run(flask + ["db", "upgrade"], cwd=CHECKOUT, env=env, check=True, capture_output=True)
        subprocess.run(flask + ["demo"], cwd=CHECKOUT, env=env, check=True, capture_output=True)
        from bench_bundles import make_bundle

        # "older": minutes as a version-1 bundle gives them, their records composed at import, as real ones are
        bundle = make_bundle(args.renders, 20, "older")
        bundle["forum"]["slug"] = "bench-forum"
        (folder / "bundle.json").write_text(json.dumps(bundle))
        subprocess.run(flask + ["import-bundle", str(folder / "bundle.json")], cwd=CHECKOUT, env=env, check=True,
                       capture_output=True)
        pdfs = [f"/forums/bench-forum/{s['slug']}/minutes.pdf" for s in bundle["sessions"]]
        start(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        base = f"http://127.0.0.1:{PORT}"
        # eventsite.serving warms each worker before its first request, as in production
        gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:eventsite.serving", "-w", "2",
                    "-b", f"127.0.0.1:{PORT}", "--timeout", "120", "throughput_app:app", "--chdir", str(CHECKOUT / "bench")]
        if args.threads:
            gunicorn += ["--worker-class", "gthread", "--threads", str(args.threads)]
        print(f"gunicorn: 2 {'gthread workers of %d threads' % args.threads if args.threads else 'sync workers'}")

        server = start(gunicorn, {"EVENTSITE_QUEUE_URL": queue_url})
        wait_for(base + "/bench-hello")
        warm(base + SESSION_PAGE)
        if not args.renders_only:
            hello = wrk(base + "/bench-hello", args.duration, args.connections)
            page = wrk(base + SESSION_PAGE, args.duration, args.connections)
            print(f"gunicorn -w 2, wrk {args.connections} connections, {args.duration} s each")
            print(f"  /bench-hello         {hello['rps']:8.1f} requests/s   p50 {hello['p50']}, p99 {hello['p99']}")
            print(f"  session page         {page['rps']:8.1f} requests/s   p50 {page['p50']}, p99 {page['p99']}")
            print(f"  ratio                {page['rps'] / hello['rps']:8.2f}   (goal ≥ 0.5)")
        if args.pages_only:
            return

        for mode in args.modes:
            if mode == "in-process":
                stop(server)
                subprocess.run(flask + ["shell"], cwd=CHECKOUT, env=env, check=True, capture_output=True,
                               input="from eventsite.models import DocumentArtifact, db\n"
                                     "db.session.execute(db.delete(DocumentArtifact)); db.session.commit()\n",
                               text=True)
                shutil.rmtree(folder / "pdf-cache", ignore_errors=True)
                server = start(gunicorn)
                wait_for(base + "/bench-hello")
                warm(base + SESSION_PAGE)
            else:
                worker = start(flask + ["worker"], {"EVENTSITE_QUEUE_URL": queue_url})
            result: dict = {}
            asker = threading.Thread(target=lambda: result.update(
                wrk_paths(base, pdfs, args.duration + 2, args.connections, folder)))
            asker.start()
            time.sleep(1)
            loaded = readers(base + SESSION_PAGE, args.duration, args.readers)
            asker.join()
            print(f"{mode}: wrk, {args.connections} connections, asks for {len(pdfs)} uncached minutes PDFs in turn "
                  f"while {args.readers} readers read the session page for {args.duration} s (10 s allowed per request)")
            print(f"  session page         {loaded['rps']:8.1f} requests/s   {loaded['answers']} answers, p50 {loaded['p50']}, "
                  f"p99 {loaded['p99']}, timeouts {loaded['timeouts']}, errors {loaded['errors']}")
            print(f"  PDF requests         {float(result['rps']):8.1f} requests/s   {result['requests']} answers, "
                  f"p50 {result['p50']}, p99 {result['p99']}, timeouts {result['timeouts']}")
            if mode == "queue":
                stop(worker)
    finally:
        for process in list(processes):
            stop(process)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
