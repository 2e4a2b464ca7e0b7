"""Work made ahead on another core while MkDocs converts pages: the data files, entity pages' parts
(and, with `split_map`, half of a long list of pure work, such as reading the pages' front matter; with
`make_folders`, the folders the pages will be written into).

MkDocs builds pages one after another on one core. A forked child process runs the jobs of one
pure work object (`site.Work`: the parts of the entity pages in the order the build reads them, then
the data files, whose layout the build needs only once every page is read), appending each result to
an unlinked temporary file. The build takes a page's parts from there when the child got to it first,
and makes them itself when not. The build says how far it has gone through a shared word of memory,
and the child skips what the build has passed: a child faster than the build makes every page but the
first, a slower one stays just ahead of it, and nothing is made twice but the page in hand. The data
files are written last, after every page (the child has had the reading and the rendering of the pages
to make them): the build waits for them then, and stops the child. Nothing is shared but that file and
that word: the child only computes (no logging, no
output), writes its failure there if it fails (the build logs it and makes the rest itself), and
ends with `os._exit`.

What the child makes is what the build would make (the work object's pure functions of the built
graph), so a build with or without it writes the same bytes. Forking is done only where it is safe and useful: on
Linux, in a process with one thread (so not under `mkdocs serve`, whose server runs threads, nor
after a library started threads of its own), with a second CPU to run on.
"""

from __future__ import annotations

import atexit
import mmap
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
POSITION = struct.Struct("<Q")  # how many of the ordered keys the build has passed


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


def fork(work: Callable[[], Any]) -> int | None:
    """`work()` in a forked child (where `can_fork` says it is safe), which ends with `os._exit`: 0, or 1 if
    `work` raised (the parent then does the work itself). The child's pid, or None if there is none."""
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child
        code = 0
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            work()
        except BaseException:  # noqa: BLE001 - reported by `work` itself, or left to the parent
            code = 1
        finally:
            os._exit(code)
    return pid


class Prerender:
    """`take(key)` gives `make(key)` if the child made it already, else None. `failure` is the child's
    error, once it has reported one."""

    FAILED = ("failed", "")  # the key under which the child reports why it stopped (no job has that kind)

    def __init__(self, fd: int, pid: int, keys: list[Any] | None = None, position: mmap.mmap | None = None) -> None:
        self.fd, self.pid = fd, pid
        self.offset = 0
        self.ready: dict[Any, Any] = {}
        self.taken = 0
        self.failure = ""
        self.index = {key: i for i, key in enumerate(keys or ())}
        self.position = position
        self.passed = 0

    @classmethod
    def start(cls, make: Callable[[Any], Any], keys: Iterable[Any], last: Iterable[Any] = ()) -> Prerender | None:
        """Fork a child that makes `make(key)` for `keys` in the order the caller will take them (skipping
        those it has passed), then for `last`; None where that is not safe."""
        keys, last = list(keys), list(last)
        if not can_fork():
            return None
        fd, path = tempfile.mkstemp(prefix="atlas-prerender-")
        os.unlink(path)  # the file lives as long as the descriptors do
        position = mmap.mmap(-1, POSITION.size)  # anonymous and shared: the child sees the caller's writes
        def child() -> None:
            key = None
            try:
                i = 0
                while i < len(keys):
                    (passed,) = POSITION.unpack_from(position, 0)
                    if i < passed:  # the build made these itself
                        i = passed
                        continue
                    key = keys[i]
                    _write(fd, key, make(key))
                    i += 1
                for key in last:
                    _write(fd, key, make(key))
            except BaseException as exc:  # the build makes what is missing itself
                try:
                    _write(fd, cls.FAILED, f"{exc.__class__.__name__}: {exc} (while making {describe(key)})")
                except BaseException:  # noqa: BLE001 - nothing more can be said
                    pass
                raise

        pid = fork(child)
        if pid is None:
            os.close(fd)
            position.close()
            return None
        worker = cls(fd, pid, keys, position)
        atexit.register(worker.stop)  # an interrupted build (Ctrl-C) ends the child too
        return worker

    def take(self, key: Any, passing: bool = True) -> Any | None:
        """What the child made for `key`, or None: then the caller makes it (and everything before it in
        the child's order), and the child skips it, unless not `passing` (the caller will wait for it)."""
        if self.fd < 0:  # stopped
            return None
        at = self.index.get(key) if passing else None
        if at is not None and at + 1 > self.passed and self.position is not None:  # the child skips it now
            self.passed = at + 1
            POSITION.pack_into(self.position, 0, self.passed)
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
            value = self.take(key, passing=False)
            if value is not None or self.failure:
                return value
            if self._ended() or time.monotonic() > deadline:
                return self.take(key, passing=False)
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
        if self.position is not None:
            self.position.close()
            self.position = None
        self.ready.clear()


def make_folders(folders: Iterable[str]) -> int:
    """Make `folders` in a child process on another core, where that is safe; its pid, or 0. MkDocs makes
    each page's folder as it writes the page, on the build's core: on a slow disk 0.2 to 0.4 ms each,
    seconds at 10,000 pages, where finding a folder made already takes microseconds. The child only makes
    the folders of pages the build will write (the site is the same), ignores what it cannot make (the
    build makes it, or reports it), and ends with `os._exit`; `reap` waits for it."""
    folders = list(folders)

    def child() -> None:
        for folder in folders:
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError:
                pass

    return (fork(child) or 0) if folders and can_fork() else 0


def reap(pid: int) -> None:
    """Wait for a child of `make_folders` (it has long ended when the build asks)."""
    if pid:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def split_map(fn: Callable[[Any], Any], items: list[Any], least: int = 500) -> list[Any]:
    """`[fn(x) for x in items]`, its second half made at the same time by a forked child on another core,
    where forking is safe (`can_fork`) and there are at least `least` items. `fn` must be a pure function of
    its item; its results go back pickled. The list is the same either way: a child that fails, or ends
    without its half, leaves that half to this process."""
    if len(items) < least or not can_fork():
        return [fn(x) for x in items]
    half = len(items) // 2
    try:
        read, write = os.pipe()
    except OSError:
        return [fn(x) for x in items]
    def child() -> None:  # its half, then its results down the pipe
        os.close(read)
        data = pickle.dumps([fn(x) for x in items[half:]], protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as out:
            out.write(data)

    pid = fork(child)
    if pid is None:
        os.close(read)
        os.close(write)
        return [fn(x) for x in items]
    os.close(write)
    try:
        first = [fn(x) for x in items[:half]]
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()  # until the child has written everything, or ended
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    second = None
    if status == 0:
        try:
            second = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a truncated answer: made here instead
            second = None
    if not isinstance(second, list) or len(second) != len(items) - half:
        second = [fn(x) for x in items[half:]]
    return first + second
