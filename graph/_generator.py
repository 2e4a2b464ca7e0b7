"""Which MkDocs-like generator's modules the command line and the plugin's config import: MkDocs, or
ProperDocs, the continuation of MkDocs 1.x, whose package is MkDocs' under another name.

ProperDocs ships `properdocs.replacement`, which sends every `mkdocs.*` import to `properdocs.*` (its
own command line imports it first, so the plugin and the theme load unchanged there). Importing
`use()` before any `mkdocs` import gives the command line the same where only ProperDocs is
installed, and lets `python -m graph build --generator properdocs` build with it where both are.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

GENERATORS = ("mkdocs", "properdocs")


class GeneratorMissing(Exception):
    """The generator asked for is not installed, or another one is loaded already."""


def installed(name: str) -> bool:
    """Whether `name` imports (a broken or shadowed MkDocs counts as missing)."""
    if importlib.util.find_spec(name) is None:
        return False
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def use(name: str = "") -> str:
    """Make `import mkdocs...` load `name` ("mkdocs", "properdocs"; "" for MkDocs when it is installed,
    else ProperDocs) and return the generator's name."""
    loaded = sys.modules.get("mkdocs")
    if loaded is not None:  # the process chose already (e.g. `properdocs build` loaded the plugin)
        current = "properdocs" if loaded.__name__ == "properdocs" else "mkdocs"
        if name and name != current:
            raise GeneratorMissing(f"{current} is loaded in this process already; run {name} in a new one")
        return current
    name = name or ("mkdocs" if installed("mkdocs") else "properdocs")
    if name not in GENERATORS:
        raise GeneratorMissing(f"unknown generator {name!r} (one of {', '.join(GENERATORS)})")
    if not installed(name):
        raise GeneratorMissing(f"{name} is not installed: pip install -e '.[successors]'" if name == "properdocs"
                               else "neither mkdocs nor properdocs is installed: pip install -e .")
    if name == "properdocs":
        import properdocs.replacement  # noqa: F401  (mkdocs.* now loads properdocs.*)
    return name
