"""A published document's download: a render against the stored file. Run from the checkout:
python bench/bench_artifacts.py [--repeat N]

In a throw-away instance folder with the demo loaded (its minutes are published, imported without a
stored file), it prints, each the median of N:

- render: the published revision's PDF made from its record (what every download cost before files
  were stored, and what the first download or the worker still costs once);
- stored download: GET /…/minutes.pdf answered from the stored file (document_artifact);
- 304: the same GET with If-None-Match, answered from the stored sha256 alone;
- the ratio of the render to each, and whether the stored file survived deleting the PDF cache.

The machine this runs on may be shared: each is given as wall-clock time and as CPU time (the render's
counts its forked renderer; a download's is the thread that serves it), with the ratios of each.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

URL = "/forums/technoprom-2016/innovation-cluster-vectors-of-development/minutes.pdf"


def cpu_seconds() -> float:
    """CPU of this process, of its children waited for, and of its living children (the renderer WeasyPrint
    runs in is forked once and kept: /proc tells its time)."""
    total = sum(os.times()[:4])
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="eventsite-bench-artifacts-"))
    os.environ["EVENTSITE_INSTANCE_PATH"] = str(folder)
    try:
        from flask_migrate import upgrade

        from eventsite import create_app
        from eventsite.minutes import documents
        from eventsite.minutes.workflow import latest_published, minutes_of
        from eventsite.models import DocumentArtifact, db
        from eventsite.reading.queries import session_or_404

        app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}", "SECRET_KEY": "bench",
                          "PDF_CACHE_DIR": str(folder / "pdf-cache"), "CREATE_FIRST_ADMIN": False})
        with app.app_context():
            upgrade()
            assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
            client = app.test_client()
            first = client.get(URL)  # makes and keeps the file
            assert first.status_code == 200, first.status_code
            etag = first.headers["ETag"]
            revision = latest_published(minutes_of(session_or_404("technoprom-2016", "innovation-cluster-vectors-of-development")))

            renders, cpu = [], []
            for _ in range(args.repeat):
                started, started_cpu = time.perf_counter(), cpu_seconds()
                documents.render_revision(revision)
                renders.append(time.perf_counter() - started)
                cpu.append(cpu_seconds() - started_cpu)
            downloads, not_modified, download_cpu, not_modified_cpu = [], [], [], []
            for _ in range(args.repeat):
                started, started_cpu = time.perf_counter(), time.thread_time()
                response = client.get(URL)
                downloads.append(time.perf_counter() - started)
                download_cpu.append(time.thread_time() - started_cpu)
                assert response.status_code == 200 and response.data == first.data
                started, started_cpu = time.perf_counter(), time.thread_time()
                response = client.get(URL, headers={"If-None-Match": etag})
                not_modified.append(time.perf_counter() - started)
                not_modified_cpu.append(time.thread_time() - started_cpu)
                assert response.status_code == 304
            shutil.rmtree(app.config["PDF_CACHE_DIR"], ignore_errors=True)
            survived = client.get(URL).data == first.data
            stored = db.session.execute(db.select(DocumentArtifact.size, DocumentArtifact.sha256)).first()

        render_ms, download_ms, nm_ms = median_ms(renders), median_ms(downloads), median_ms(not_modified)
        print(f"demo minutes, published revision {revision.number}: {stored.size / 1024:.0f} kB, "
              f"sha256 {stored.sha256[:16]}…  (median of {args.repeat})")
        render_cpu, download_cpu_ms, nm_cpu = median_ms(cpu), median_ms(download_cpu), median_ms(not_modified_cpu)
        print(f"  {'':22} {'wall':>11} {'ratio':>7}   {'CPU':>11} {'ratio':>7}")
        print(f"  render                 {render_ms:8.1f} ms {'':7}   {render_cpu:8.1f} ms")
        print(f"  stored download        {download_ms:8.1f} ms {render_ms / download_ms:6.0f}×   "
              f"{download_cpu_ms:8.1f} ms {render_cpu / download_cpu_ms:6.0f}×")
        print(f"  304 (If-None-Match)    {nm_ms:8.1f} ms {render_ms / nm_ms:6.0f}×   "
              f"{nm_cpu:8.1f} ms {render_cpu / nm_cpu:6.0f}×")
        print(f"  byte-identical after deleting the PDF cache folder: {'yes' if survived else 'NO'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
