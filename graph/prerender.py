"""Work made ahead on another core while MkDocs converts pages: the data files, entity pages' parts.

MkDocs builds pages one after another on one core. A forked child process runs the jobs of one
pure work object (`site.Work`: the data files first, whose layout the build needs only once every
page is read, then the parts of the entity pages, from the last one backwards), appending each
result to an unlinked temporary file. The build takes a page's parts from there when the child got
to it first, and makes them itself when not; the two meet in the middle, and the child is stopped
once every page is read. Nothing is shared but that file: the child only computes (no logging, no
output), writes its failure there if it fails (the build logs it and makes the rest itself), and
ends with `os._exit`.

What the child makes is what the build would make (the work object's pure functions of the built
graph), so a build with or without it writes the same bytes. Forking is done only where it is safe and useful: on
Linux, in a process with one thread (so not under `mkdocs serve`, whose server runs threads, nor
after a library started threads of its own), with a second CPU to run on.
"""

from __future__ import annotations

import atexit
import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

HEADER = struct.Struct("<Q")


def describe(job: Any) -> str:
    """A job (see `site.Job`) in words, for the build's log."""
    kind, node = job if isinstance(job, tuple) and len(job) == 2 else ("", job)
    return {"data": "the data files", "page": f"the parts of the page of {node!r}"}.get(kind, repr(job))


def _write(fd: int, key: str, value: Any) -> None:
    data = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
    os.write(fd, HEADER.pack(len(data)) + data)


def os_threads() -> int:
    """Threads of this process as the OS counts them (libraries may start their own)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return threading.active_count()


def can_fork() -> bool:
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return cpus >= 2 and threading.active_count() == 1 and os_threads() == 1


class Prerender:
    """`take(key)` gives `make(key)` if the child made it already, else None. `failure` is the child's
    error, once it has reported one."""

    FAILED = ("failed", "")  # the key under which the child reports why it stopped (no job has that kind)

    def __init__(self, fd: int, pid: int) -> None:
        self.fd, self.pid = fd, pid
        self.offset = 0
        self.ready: dict[str, Any] = {}
        self.taken = 0
        self.failure = ""

    @classmethod
    def start(cls, make: Callable[[str], Any], keys: Iterable[str]) -> Prerender | None:
        """Fork a child that makes `make(key)` for `keys`, in that order; None where that is not safe."""
        keys = list(keys)
        if not can_fork():
            return None
        fd, path = tempfile.mkstemp(prefix="atlas-prerender-")
        os.unlink(path)  # the file lives as long as the descriptors do
        try:
            pid = os.fork()
        except OSError:
            os.close(fd)
            return None
        if pid == 0:  # the child
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                for key in keys:
                    _write(fd, key, make(key))
            except BaseException as exc:  # noqa: BLE001 - the build makes what is missing itself
                code = 1
                try:
                    _write(fd, cls.FAILED, f"{exc.__class__.__name__}: {exc} (while making {describe(key)})")
                except BaseException:  # noqa: BLE001 - nothing more can be said
                    pass
            finally:
                os._exit(code)
        worker = cls(fd, pid)
        atexit.register(worker.stop)  # an interrupted build (Ctrl-C) ends the child too
        return worker

    def take(self, key: str) -> Any | None:
        if self.fd < 0:  # stopped
            return None
        self._read()
        value = self.ready.pop(key, None)
        if value is not None:
            self.taken += 1
        return value

    def wait(self, key: str, timeout: float) -> Any | None:
        """What the child made for `key`, waiting for it at most `timeout` seconds (the caller sizes it
        by the work); None if the child ended or failed without it, or the time ran out."""
        deadline = time.monotonic() + timeout
        while self.fd >= 0:
            value = self.take(key)
            if value is not None or self.failure:
                return value
            if self._ended() or time.monotonic() > deadline:
                return self.take(key)
            time.sleep(0.005)
        return None

    def _ended(self) -> bool:
        if not self.pid:
            return True
        try:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            pid = self.pid
        if pid:
            self.pid = 0  # reaped
        return bool(pid)

    def _read(self) -> None:
        """Read the records the child has written completely since the last read."""
        size = os.fstat(self.fd).st_size
        while self.offset + HEADER.size <= size:
            (length,) = HEADER.unpack(os.pread(self.fd, HEADER.size, self.offset))
            end = self.offset + HEADER.size + length
            if end > size:
                break
            key, value = pickle.loads(os.pread(self.fd, length, self.offset + HEADER.size))
            if key == self.FAILED:
                self.failure = value
            else:
                self.ready[key] = value
            self.offset = end

    def stop(self) -> None:
        """End the child (its work is no longer needed) and release the file."""
        atexit.unregister(self.stop)
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        self.ready.clear()
