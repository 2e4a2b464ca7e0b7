"""The plugin's options, as MkDocs declares them: a wrong value is reported by MkDocs, the usual way."""

from __future__ import annotations

from . import _generator, site

_generator.use()  # MkDocs, or ProperDocs where only it is installed (before any mkdocs import)

from mkdocs.config import base  # noqa: E402
from mkdocs.config import config_options as c  # noqa: E402


class Checks(c.DictOfItems):
    """Severity per check code: each key a code that exists, each value a choice of `site.SEVERITIES`."""

    def __init__(self) -> None:
        super().__init__(c.Choice(site.SEVERITIES), default={})

    def run_validation(self, value: object) -> dict[str, str]:
        value = super().run_validation(value)
        unknown = site.unknown_checks(value)
        if unknown:
            raise c.ValidationError(f"unknown check code {', '.join(map(repr, unknown))}: the codes are "
                                    "listed on the site's Reference → Checks page (G001 to G2xx)")
        return value


class GraphConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Build the knowledge graph. When off, the pages are plain MkDocs pages: no hook changes anything."""
    schema = c.Type(str, default="schema.yml")
    """The schema file (entity and relation types), relative to `docs_dir`."""
    entities_dir = c.Type(str, default="kb")
    """The folder under `docs_dir` whose markdown pages are entities (each must have front matter)."""
    checks = Checks()
    """Severity per check code: `error`, `warn`, `info` (named, never a failure) or `ignore` (e.g. `G207: ignore`)."""
    prerender = c.Type(bool, default=True)
    """Make the data files and the entity pages' generated parts in a child process on another core
    while MkDocs converts pages (Linux, `mkdocs build`; see graph/prerender.py). The output is the same."""
    cache_nav = c.Type(bool, default=True)
    """Render Material's navigation, header, style sheets and scripts once per folder for pages outside the
    navigation (the entity pages), instead of once per page, and each of its translations once: the same bytes, a fraction
    of the time. Only with Material's own partials (see `pages.ThemeCache`)."""

    def options(self) -> site.Options:
        """What the site pipeline reads of these options."""
        return site.Options(schema=self.schema, entities_dir=self.entities_dir, checks=dict(self.checks))
