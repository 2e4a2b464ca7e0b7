"""Diagnostics as text for people, as GitHub annotations, or as JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .model import Diagnostic


def severity_counts(diags: Iterable[Diagnostic]) -> dict[str, int]:
    """How many errors, warnings and notes (severity 'info', which fail nothing)."""
    counts = {"errors": 0, "warnings": 0, "notes": 0}
    for d in diags:
        counts[{"error": "errors", "info": "notes"}.get(d.severity, "warnings")] += 1
    return counts


def format_text(d: Diagnostic, prefix: str = "") -> str:
    """`docs/kb/x.md:9: G201 message (hint)`; `prefix` names the docs folder."""
    return f"{prefix}{d}"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_github(d: Diagnostic, prefix: str = "") -> str:
    """A GitHub Actions workflow command, so the problem shows on the pull request's diff."""
    level = {"error": "error", "info": "notice"}.get(d.severity, "warning")
    message = d.message + (f" ({d.hint})" if d.hint else "")
    return (f"::{level} file={_gh_escape(prefix + d.path, True)},line={d.line},"
            f"title={_gh_escape(d.code, True)}::{_gh_escape(d.code + ' ' + message)}")


def format_json(diags: Iterable[Diagnostic], prefix: str = "") -> str:
    return json.dumps([{"path": prefix + d.path, "line": d.line, "code": d.code, "severity": d.severity,
                        "message": d.message, "hint": d.hint} for d in diags], indent=1, ensure_ascii=False)
