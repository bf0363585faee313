"""Running renders in another process, each bounded by a deadline and a size limit.

A `Worker` is a child forked once from the app process after WeasyPrint is imported and
warmed up; it renders one job after another, keeping its caches warm, so a render costs
what it costs in-process. A job that overruns its deadline or its size limit gets the
worker killed; the next job starts a fresh one. While the worker is busy with another
thread's job, `run_once` forks a child for just this job instead of queueing behind it.

Jobs go to the child pickled, results come back as frames: 8 bytes of length, then b"K"
and the bytes, or b"E" and an error message. Only data crosses the pipe; the function
that handles a job is inherited through fork().
"""
from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

_LENGTH = 8


class RenderTimeout(Exception):
    pass


class RenderTooLarge(Exception):
    pass


class RenderFailed(Exception):
    """The job raised, or the child died; the message is for the log, not the user."""


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exact(fd: int, n: int) -> bytes | None:
    chunks, size = [], 0
    while size < n:
        chunk = os.read(fd, min(n - size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _frame(handler: Callable, job) -> bytes:
    try:
        payload = b"K" + handler(job)
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        payload = b"E" + f"{type(exc).__name__}: {exc}"[:2000].encode("utf-8", "replace")
    return len(payload).to_bytes(_LENGTH, "big") + payload


def _read_frame(fd: int, timeout: float, max_bytes: int) -> bytes:
    """The result of one job, read with a deadline; raises Render* on anything but success."""
    deadline = time.monotonic() + timeout
    buffer = bytearray()
    expected = None
    while expected is None or len(buffer) < expected:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise RenderTimeout()
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            raise RenderFailed("the renderer stopped unexpectedly")
        buffer += chunk
        if expected is None and len(buffer) >= _LENGTH:
            expected = _LENGTH + int.from_bytes(buffer[:_LENGTH], "big")
            # one byte of status precedes the PDF
            if expected - _LENGTH - 1 > max_bytes:
                raise RenderTooLarge()
    payload = bytes(buffer[_LENGTH:expected])
    if payload[:1] == b"K":
        return payload[1:]
    raise RenderFailed(payload[1:].decode("utf-8", "replace"))


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def _close_inherited(*keep: int) -> None:
    """In a forked child, close every descriptor but stdio and `keep`.

    The child holds copies of all the app process's descriptors: the server's listening
    socket, database files, pipes to other programs. Left open, they outlive what the
    parent closes (a program at the other end of a pipe never sees it close).
    """
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))


def run_once(handler: Callable, job, timeout: float, max_bytes: int) -> bytes:
    """Fork a child for this one job."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, hand the bytes over, leave without running any cleanup
        code = 0
        try:
            _close_inherited(write_end)
            _write_all(write_end, _frame(handler, job))
        except BaseException:  # noqa: BLE001 - the parent sees a short read
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        return _read_frame(read_end, timeout, max_bytes)
    finally:
        os.close(read_end)
        _kill(pid)


class Worker:
    """One long-lived render child per app process; see the module's docstring."""

    def __init__(self, handler: Callable, recycle_after: int = 200):
        self.handler = handler
        #: a fresh child after this many jobs, so nothing a render leaves behind accumulates
        self.recycle_after = recycle_after
        self.lock = threading.Lock()
        self.pid: int | None = None
        self.owner: int | None = None
        self.jobs = self.results = -1
        self.done = 0

    def _start(self) -> None:
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _close_inherited(job_read, result_write)
                self._serve(job_read, result_write)
            except BaseException:  # noqa: BLE001
                code = 1
            finally:
                os._exit(code)
        os.close(job_read)
        os.close(result_write)
        self.pid, self.owner, self.jobs, self.results, self.done = pid, os.getpid(), job_write, result_read, 0

    def _serve(self, jobs: int, results: int) -> None:
        while True:
            header = _read_exact(jobs, _LENGTH)
            if header is None:  # the app process closed the pipe or died: nothing more to do
                return
            job = pickle.loads(_read_exact(jobs, int.from_bytes(header, "big")) or b"")
            _write_all(results, _frame(self.handler, job))

    def stop(self) -> None:
        if self.pid is None:
            return
        for fd in (self.jobs, self.results):
            os.close(fd)
        _kill(self.pid)
        self.pid = None

    def run(self, job, timeout: float, max_bytes: int) -> bytes | None:
        """The job's result, or None when the worker is busy with another thread's job."""
        if not self.lock.acquire(blocking=False):
            return None
        try:
            if self.pid is not None and self.owner != os.getpid():
                # we are a forked copy of the process that started the worker: it is not ours
                self.pid = None
            if self.pid is None:
                self._start()
            data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
            frame = len(data).to_bytes(_LENGTH, "big") + data
            try:
                try:
                    _write_all(self.jobs, frame)
                except BrokenPipeError:  # the child died while idle; one fresh try
                    self.stop()
                    self._start()
                    _write_all(self.jobs, frame)
                result = _read_frame(self.results, timeout, max_bytes)
            except BaseException:
                # a timeout, an oversized PDF, a dead or confused child: start afresh next time
                self.stop()
                raise
            self.done += 1
            if self.done >= self.recycle_after:
                self.stop()
            return result
        finally:
            self.lock.release()
