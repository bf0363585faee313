"""A published document's download: a render against the stored file. Run from the checkout:
python bench/bench_artifacts.py [--repeat N]

In a throw-away instance folder with the demo loaded (its minutes are published, imported without a
stored file), it prints, each the median of N:

- render: the published revision's PDF made from its record (what every download cost before files
  were stored, and what the first download or the worker still costs once);
- stored download: GET /…/minutes.pdf answered from the stored file (document_artifact);
- 304: the same GET with If-None-Match, answered from the stored sha256 alone;
- the ratio of the render to each, and whether the stored file survived deleting the PDF cache.

The machine this runs on may be shared: times are wall-clock, with CPU time of this process beside
the render (the render itself runs in a forked child, whose CPU is not counted).
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
                started, started_cpu = time.perf_counter(), time.process_time()
                documents.render_revision(revision)
                renders.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            downloads, not_modified = [], []
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get(URL)
                downloads.append(time.perf_counter() - started)
                assert response.status_code == 200 and response.data == first.data
                started = time.perf_counter()
                response = client.get(URL, headers={"If-None-Match": etag})
                not_modified.append(time.perf_counter() - started)
                assert response.status_code == 304
            shutil.rmtree(app.config["PDF_CACHE_DIR"], ignore_errors=True)
            survived = client.get(URL).data == first.data
            stored = db.session.execute(db.select(DocumentArtifact.size, DocumentArtifact.sha256)).first()

        render_ms, download_ms, nm_ms = median_ms(renders), median_ms(downloads), median_ms(not_modified)
        print(f"demo minutes, published revision {revision.number}: {stored.size / 1024:.0f} kB, "
              f"sha256 {stored.sha256[:16]}…  (median of {args.repeat})")
        print(f"  render                 {render_ms:8.1f} ms   (CPU in this process {median_ms(cpu):.1f} ms)")
        print(f"  stored download        {download_ms:8.1f} ms   {render_ms / download_ms:6.0f}× faster than a render")
        print(f"  304 (If-None-Match)    {nm_ms:8.1f} ms   {render_ms / nm_ms:6.0f}× faster than a render")
        print(f"  byte-identical after deleting the PDF cache folder: {'yes' if survived else 'NO'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
