"""The Zensical adapter: the staged site (`graph.stage`, from the one site build) built and served by
Zensical, which runs no MkDocs plugin. `python -m graph stage` and `build --generator zensical` call it;
it reads the site through the command line's own reading (`cli.read_stage`), so the checks are the same.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from . import site
from .cli import BuildFailed, Problems, UsageError, mkdocs_config, read_stage, swap_in
from .stage import write_folder

STAGE_DOCS = "docs"  # the staged docs folder, inside the staging folder
ZENSICAL_CONFIG = "zensical.yml"  # Zensical reads a configuration in MkDocs' format by any name but .toml


def zensical_config(config: Any, docs_dir: str, site_dir: str) -> dict[str, Any]:
    """The Zensical configuration of the staged folder, from the site's MkDocs configuration: the same
    site, navigation, theme and markdown, the staged docs, the site's script and style, the
    extension that puts the generated HTML back (`graph.staged`)."""
    theme = {key: value for key, value in dict(config.theme).items()
             if key in ("name", "features", "palette", "font", "language", "logo", "favicon", "icon")}
    theme["name"] = config.theme.name
    extensions = [{"graph.staged": {}}]
    for name in config.markdown_extensions:
        extensions.append({name: dict(config.mdx_configs.get(name, {}))})
    out = {"site_name": config.site_name, "site_description": config.site_description or "",
            "site_url": config.site_url or site.DEFAULT_SITE_URL, "edit_uri": config.edit_uri or "",
            "docs_dir": docs_dir, "site_dir": site_dir, "use_directory_urls": config.use_directory_urls,
            "nav": _plain(config.nav), "theme": _plain(theme), "markdown_extensions": extensions,
            "extra_javascript": list(site.SCRIPTS), "extra_css": list(site.STYLES),
            "validation": {"invalid_links": True, "invalid_link_anchors": True}}
    if not out["nav"]:  # no nav in mkdocs.yml: the generator lists the pages itself
        del out["nav"]
    return out


def _plain(value: Any) -> Any:
    """A configuration value as plain JSON data."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def stage_into(config_file: str, out: Path, strict: bool = True) -> list[str]:
    """Stage the site into `out` (checks first; only what changed is written); the files written or removed."""
    config, contents, _ = read_stage(config_file, strict)
    return write_stage(out, config, contents, "site")


def write_stage(out: Path, config: Any, contents: dict[str, bytes], site_dir: str) -> list[str]:
    """The staged docs folder and the Zensical configuration that builds it into `out/site_dir`; what
    changed (unchanged files are not written again, so Zensical's server rebuilds only what changed)."""
    changed = write_folder(out / STAGE_DOCS, contents)
    settings = json.dumps(zensical_config(config, STAGE_DOCS, site_dir), indent=1) + "\n"
    config_path = out / ZENSICAL_CONFIG
    if not config_path.exists() or config_path.read_text(encoding="utf-8") != settings:
        config_path.write_text(settings, encoding="utf-8")
        changed.append(ZENSICAL_CONFIG)
    return changed


def sources_state(config_file: str, docs_dir: str) -> tuple:
    """What an edit changes: every file under the docs folder and the config file, with its time and size."""
    found = []
    for path in [Path(config_file), *sorted(Path(docs_dir).rglob("*"))]:
        try:
            stat = path.stat()
        except OSError:  # removed while we looked
            continue
        if path.is_file():
            found.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def serve_staged(config_file: str, out: Path, address: str) -> int:
    """`zensical serve` over the staged folder, which is staged again whenever a source changes (Zensical
    then rebuilds what changed and reloads the page). A change that fails the checks is reported, and
    the site stays as it was."""
    import signal
    import subprocess
    import time

    def stop(signum, frame):  # a TERM stops the server too, as Ctrl-C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    docs_dir = mkdocs_config(config_file)[0].docs_dir
    server = subprocess.Popen([zensical_command(), "serve", "-f", str(out / ZENSICAL_CONFIG), "-a", address])
    seen = sources_state(config_file, docs_dir)
    try:
        while server.poll() is None:
            time.sleep(0.5)  # polling: a watcher of its own would be one more dependency
            now = sources_state(config_file, docs_dir)
            if now == seen:
                continue
            seen = now
            try:
                changed = stage_into(config_file, out, strict=False)
            except (Problems, UsageError) as exc:
                print(f"error: {exc}; the site is left as it was", file=sys.stderr)
                continue
            print(f"staged again: {len(changed)} files changed", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()
    return 0


def zensical_command() -> str:
    """The zensical command beside this Python, else on the PATH."""
    import shutil

    beside = Path(sys.executable).with_name("zensical")
    found = str(beside) if beside.exists() else shutil.which("zensical")
    if found is None:
        raise UsageError("zensical is not installed: pip install -e '.[successors]'")
    return found


def build(args: Any) -> int:
    """Stage the site (checks first), then build the staged folder with Zensical, strict unless told
    otherwise, into a new folder swapped in on success."""
    import shutil
    import subprocess

    zensical = zensical_command()
    try:
        config, contents, _ = read_stage(args.config, args.strict)
    except Problems as exc:
        print(f"error: {exc}; the site is left as it was", file=sys.stderr)
        return 1
    target = Path(args.site_dir or config.site_dir).resolve()
    stage_dir = Path(args.stage_dir).resolve()

    def build_into(folder: Path) -> None:
        site_dir = stage_dir / "site.build"
        write_stage(stage_dir, config, contents, site_dir.name)
        shutil.rmtree(site_dir, ignore_errors=True)
        command = [zensical, "build", "--clean", "-f", str(stage_dir / ZENSICAL_CONFIG)] + (["--strict"] if args.strict else [])
        done = subprocess.run(command, cwd=stage_dir)
        if done.returncode != 0:
            raise BuildFailed(f"zensical exited with {done.returncode}")
        folder.rmdir()
        shutil.move(str(site_dir), str(folder))

    return swap_in(target, build_into)
