"""The tests' commands forked from a process that imported MkDocs and the pipeline (tools.forkserver) behave
as in a new process: the same output, errors and exit status, their own folder and environment."""

import sys

from helpers import page, run


def both(args, root, **env):
    forked = run([sys.executable, "-m", *args], root, **env)
    new = run([sys.executable, "-m", *args], root, new_process=True, **env)
    return forked, new


def without_timings(text: str) -> list[str]:
    return [line for line in text.splitlines() if "built in" not in line and "seconds" not in line]


def test_a_forked_command_reports_as_a_new_process_does(site):
    root = site({"kb/x.md": page("X", relations="- {type: made-by, target: acmee, source: article#p2}"),
                 "kb/bad.md": "---\ntitle: X\ntype: t\nsummary: a: b\n---\n"})
    for args in (["graph", "check"], ["mkdocs", "build", "--strict", "--site-dir", str(root / "site")]):
        forked, new = both(args, root)
        assert forked.returncode == new.returncode != 0, args
        assert forked.stdout == new.stdout and without_timings(forked.stderr) == without_timings(new.stderr), args
        assert "Traceback" not in forked.stderr
    built = run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(root / "site")], root)
    assert built.returncode == 0 and (root / "site/kb/x/index.html").is_file()


def test_each_forked_command_has_its_own_folder_environment_and_state(tmp_path):
    import os

    from tools.forkserver import ForkServer

    code = ("import os, sys, logging; print(os.getcwd(), os.environ.get('ATLAS_PROBE'), sys.argv[1:], "
            "logging.getLogger().handlers, 'graph.cli' in sys.modules, sys.path[0] == os.getcwd()); "
            "logging.getLogger().addHandler(logging.NullHandler()); os.environ['ATLAS_LEFT'] = '1'; sys.exit(3)")
    for probe in ("one", "two"):
        folder = tmp_path / probe
        folder.mkdir()
        (folder / "probe.py").write_text(code)
        out = ForkServer.get().run("probe", ["--flag"], folder, {**os.environ, "ATLAS_PROBE": probe}, timeout=60)
        # forked (the pipeline is loaded), in its folder, with its environment and arguments; what the first
        # command changed (a logging handler, the environment) is not the second's
        assert out.returncode == 3, out.stderr
        assert out.stdout == f"{folder} {probe} ['--flag'] [] True True\n"
    assert "ATLAS_LEFT" not in os.environ
