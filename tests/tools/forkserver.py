"""The tests' `python -m mkdocs ...` and `python -m graph ...` commands, each in a process of its own forked
from one that imported MkDocs, the theme and the pipeline once (about a second of CPU a command saves).

A command's process is as a new one: its own working folder, environment, arguments, output and exit status,
one thread, fresh logging. It differs in what a new process would draw at random: every command of one test
process has the hash seed of the process it was forked from. A command that sets PYTHONHASHSEED, and every
command of other programs, runs as a new process (helpers.run decides)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
import threading

# imported once, before any fork; what a command imports beyond them it imports itself
PRELOAD = ["mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults",
           "material.plugins.search.plugin", "material.templates", "markdown.extensions.toc",
           "markdown.extensions.attr_list", "markdown.extensions.admonition", "pymdownx.superfences",
           "pymdownx.details", "jinja2", "yaml", "numpy", "scipy.optimize", "scipy.spatial", "networkx",
           "graph.plugin", "graph.cli", "graph.site", "graph.pages", "graph.export", "graph.pipeline",
           "graph.prerender"]


def serve() -> None:
    """Read one request a line from stdin, fork a child that runs it, answer its pid then its status."""
    import importlib

    requests, answers = os.fdopen(os.dup(0), "r"), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)  # nothing of the commands' reaches the answers
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    os.write(answers, b'{"ready": true}\n')
    for line in requests:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            requests.close()
            os.close(answers)
            run_child(request)  # never returns
        os.write(answers, json.dumps({"pid": pid}).encode() + b"\n")
        _, status = os.waitpid(pid, 0)
        os.write(answers, json.dumps({"status": os.waitstatus_to_exitcode(status)}).encode() + b"\n")


def run_child(request: dict) -> None:
    import atexit
    import runpy
    import warnings

    code = 1
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
            out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(out, fd)
            os.close(out)
        warnings.resetwarnings()
        if request["env"].get("PYTHONWARNINGS") == "ignore":
            warnings.simplefilter("ignore")
        sys.argv = ["-m", *request["args"]]
        sys.path[0] = request["cwd"]  # as `python -m` puts the working folder first
        try:
            runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
            if not isinstance(stop.code, (int, type(None))):
                print(stop.code, file=sys.stderr)
        except BaseException:  # as Python prints what nothing caught, and exits 1
            import traceback

            traceback.print_exc()
            code = 1
        atexit._run_exitfuncs()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


class ForkServer:
    """One per test process, started when first asked, stopped with the process."""

    _lock = threading.Lock()
    _server: ForkServer | None = None

    def __init__(self) -> None:
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")  # no threads to fork from
        self.process = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env=env, bufsize=0)
        self.buffer = b""
        assert self._answer(120) == {"ready": True}

    @classmethod
    def get(cls) -> ForkServer:
        if cls._server is None or cls._server.process.poll() is not None:
            cls._server = ForkServer()
            import atexit

            atexit.register(cls._server.process.kill)
        return cls._server

    def _answer(self, timeout: float) -> dict:
        """The next line the server wrote (read unbuffered: a wait on the pipe sees all that is unread)."""
        fd = self.process.stdout.fileno()
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                raise TimeoutError
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError("the fork server stopped")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def run(self, module: str, args: list[str], cwd, env: dict, timeout: float) -> subprocess.CompletedProcess:
        with self._lock, tempfile.TemporaryDirectory(prefix="atlas-command-") as folder:
            out, err = os.path.join(folder, "stdout"), os.path.join(folder, "stderr")
            request = {"module": module, "args": args, "cwd": str(cwd), "env": env, "stdout": out, "stderr": err}
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            pid = self._answer(30)["pid"]
            try:
                status = self._answer(timeout)["status"]
            except TimeoutError:
                os.kill(pid, 9)
                self._answer(30)
                raise subprocess.TimeoutExpired([sys.executable, "-m", module, *args], timeout)
            with open(out, encoding="utf-8", errors="replace") as o, open(err, encoding="utf-8", errors="replace") as e:
                return subprocess.CompletedProcess([sys.executable, "-m", module, *args], status, o.read(), e.read())


if __name__ == "__main__":
    serve()
