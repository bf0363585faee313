"""The application as gunicorn serves it, plus a bare "hello" route to compare a page with
(bench/bench_throughput.py): `gunicorn 'bench.throughput_app:app'` from the checkout."""
from eventsite import create_app

app = create_app()


@app.get("/bench-hello")
def bench_hello():
    return "hello"
