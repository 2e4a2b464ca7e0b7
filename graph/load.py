"""Front matter to records: the only module that parses YAML.

Every mapping key and list item keeps its line in the file, so a diagnostic can name it.
Problems are collected, never raised: a page that cannot be read yields diagnostics and no
entity, and the rest of the site still loads.
"""

from __future__ import annotations

import datetime as _dt
import gc
import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

import yaml

from . import dates
from .text import WHITESPACE, any_hidden, codepoint, hidden_characters, visible
from .model import Attribute, Citation, Diagnostic, Entity, Locator, Relation, Schema, closest as _closest, paragraph_number

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CITATION = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)(?:#([a-z0-9]+(?:-[a-z0-9]+)*))?$")
REQUIRED = ("title", "type", "summary")
KNOWN_KEYS = {"title", "type", "id", "summary", "aliases", "attributes", "relations"}
SOURCE_KEYS = {"publisher", "published", "updated", "url", "paragraphs", "sections"}
RELATION_KEYS = {"type", "target", "source", "sources", "note", "since", "until"}
ATTRIBUTE_KEYS = {"value", "unit", "source", "sources", "note"}
MAX_NODES = 200_000  # YAML nodes per front matter; stops alias bombs
MAX_TEXT = 2_000  # characters in one plain-text field
MAX_PAGE_BYTES = 2**20  # a bigger page is reported (and still read)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
LINE_BREAKS = frozenset("\r\n")


class Mapping(dict):
    """A YAML mapping that remembers the line of each key (1-based, in the file)."""

    line: int = 1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}


class Sequence(list):
    """A YAML sequence that remembers the line of each item (1-based, in the file)."""

    line: int = 1

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines: list[int] = []


class YamlError(Exception):
    def __init__(self, line: int, message: str, hint: str = "", code: str = "G004") -> None:
        super().__init__(message)
        self.line, self.message, self.hint, self.code = line, message, hint, code


def parse_yaml(text: str, first_line: int = 1) -> tuple[Any, list[tuple[int, Any]]]:
    """Parse one YAML document; return the value (Mapping/Sequence/scalars) and duplicate keys.

    `first_line` is the file line of the text's first line. Raises `YamlError` with the line.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line if mark else 0
        lines = text.rstrip().split("\n")
        if line >= len(lines):  # the problem is the end of the text: point at its last line
            line = len(lines) - 1
        line += first_line
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        hint = "YAML indents with spaces, never tabs" if "\t" in problem or "tab" in problem else \
            "check the indentation and quote values that contain ': ' or start with a special character"
        raise YamlError(line, f"YAML syntax error: {problem}", hint) from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise YamlError(first_line, "YAML is nested too deeply to read", "flatten the structure") from None
    finally:
        loader.dispose()
    if node is None:
        return None, []
    duplicates: list[tuple[int, Any]] = []
    budget = [MAX_NODES]
    try:
        value = _convert(loader, node, first_line, duplicates, budget, 0)
    except RecursionError:
        raise YamlError(first_line, "YAML is nested too deeply to read", "flatten the structure") from None
    return value, duplicates


def _convert(loader: Any, node: yaml.Node, first: int, dups: list, budget: list, depth: int) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlError(first, "YAML expands to too many values (aliases?)", "write the values out once")
    if depth > 50:
        raise YamlError(first + node.start_mark.line, "YAML is nested too deeply to read", "flatten the structure")
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out = Mapping()
        out.line = first + node.start_mark.line
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(first + key_node.start_mark.line, "a key must be plain text")
            key = key_node.value if key_node.tag == _STR else loader.construct_object(key_node, deep=True)
            key = key if isinstance(key, str) else str(key)
            line = first + key_node.start_mark.line
            if key in out:
                dups.append((line, key))
            out[key] = _convert(loader, value_node, first, dups, budget, depth + 1)
            out.lines[key] = line
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = Sequence()
        seq.line = first + node.start_mark.line
        for item in node.value:
            seq.append(_convert(loader, item, first, dups, budget, depth + 1))
            seq.lines.append(first + item.start_mark.line)
        return seq
    if node.tag == _STR:  # most values: the text itself, as the constructor would give it
        return node.value
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise YamlError(first + node.start_mark.line, f"YAML value cannot be read: {exc}") from None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def split_front_matter(text: str) -> tuple[str | None, str, int, bool]:
    """Return (front matter text or None, body, body's first line, closed?)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r ") != "---":
        return None, text, 1, True
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r ") in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2, True
    return "\n".join(lines[1:]), "", len(lines) + 1, False


def default_id(path: str) -> str:
    return PurePosixPath(path).stem


def load_page(path: str, raw: bytes | str) -> tuple[Entity | None, list[Diagnostic]]:
    """Read one page of the knowledge base. `path` is relative to docs/.

    A straight sequence of small readers, each reporting what it finds wrong and giving back what
    can be used; a page whose front matter cannot be read at all yields no entity."""
    diags: list[Diagnostic] = []

    def diag(line: int, code: str, message: str, hint: str = "", severity: str = "error") -> None:
        diags.append(Diagnostic(path, line, code, message, hint, severity))

    text = _decode(raw, diag)
    if text is None:
        return None, diags
    _placeholders(text, diag)
    data, body, body_line, source = _front_matter(text, diag)
    if data is None:
        return None, diags
    _hidden_text(data, source, diag)
    title = _text_field(data, "title", True, diag)
    etype = _text_field(data, "type", True, diag)
    summary = _text_field(data, "summary", True, diag)
    if "\n" in summary:  # a folded YAML block: one line
        summary = " ".join(summary.split())
    eid = _page_id(path, data, diag)
    is_source = etype == Schema.SOURCE_TYPE
    _unknown_keys(data, KNOWN_KEYS | (SOURCE_KEYS if is_source else set()), diag)
    lines = {k: v for k, v in data.lines.items() if isinstance(k, str)}
    aliases = _aliases(data, diag)
    lines.update((f"alias:{alias}", line) for alias, line in aliases)  # where each alias is, for G214
    entity = Entity(
        id=eid, title=title or eid, type=etype, summary=summary, path=path,
        line=lines.get("type", 2), lines=lines, aliases=tuple(alias for alias, _ in aliases),
        attributes=tuple(_load_attributes(path, data, diag)), relations=tuple(_load_relations(path, eid, data, diag)),
        body=body, body_line=body_line, source_info=_load_source_info(data, diag) if is_source else {},
    )
    return entity, diags


def _decode(raw: bytes | str, diag) -> str | None:
    """The page's text: checked for size, UTF-8, a byte-order mark (dropped) and emptiness."""
    size = len(raw.encode("utf-8", "replace")) if isinstance(raw, str) else len(raw)
    if size > MAX_PAGE_BYTES:
        diag(1, "G019", f"the page is {size / 2**20:.1f} MB, over the {MAX_PAGE_BYTES // 2**20} MB a page may have",
             "split it into several pages, or move data out of it", "warn")
    text = raw
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            diag(line, "G001", f"the file is not valid UTF-8 (byte {exc.start})", "save the file as UTF-8")
            return None
    if text.startswith("\ufeff"):
        diag(1, "G007", "the file starts with a byte-order mark", "save the file as UTF-8 without BOM", "warn")
        text = text[1:]
    if not text.strip():
        diag(1, "G002", "the page is empty", "start it with front matter: ---, title, type, summary, ---")
        return None
    return text


def _placeholders(text: str, diag) -> None:
    """G018 for every line that still holds a TODO of the page skeleton."""
    for number, line in enumerate(text.split("\n"), start=1):
        if "TODO" in line:
            diag(number, "G018", "a placeholder is left to fill in: " + repr(line.strip()[:60]),
                 "replace the TODO with the real text")


def _front_matter(text: str, diag) -> tuple[Mapping | None, str, int, str]:
    """(the front matter as a Mapping, the body, the body's first line, the front matter as written); None
    when unreadable."""
    fm, body, body_line, closed = split_front_matter(text)
    if fm is None:
        diag(1, "G002", "the page has no front matter",
             "start the file with a line '---', then title, type and summary, then a line '---'")
        return None, body, body_line, ""
    if not closed:
        diag(1, "G003", "the front matter is not closed", "end it with a line '---' before the prose")
        return None, body, body_line, ""
    try:
        data, duplicates = parse_yaml(fm, first_line=2)
    except YamlError as exc:
        diag(exc.line, exc.code, exc.message, exc.hint)
        return None, body, body_line, ""
    for line, key in duplicates:
        diag(line, "G006", f"key {key!r} is given twice", "keep one; YAML would silently use the last")
    if data is None:
        data = Mapping()
    if not isinstance(data, Mapping):
        kind = "a list" if isinstance(data, list) else "a single value"
        diag(2, "G005", f"the front matter is {kind}, not a mapping of keys",
             "write it as 'key: value' lines: title, type, summary, ...")
        return None, body, body_line, ""
    return data, body, body_line, fm


def _text_field(data: Mapping, key: str, required: bool, diag) -> str:
    """A plain-text field ("" when absent or wrong, reported)."""
    if key not in data or data[key] is None or (isinstance(data[key], str) and not data[key].strip()):
        if required:
            diag(data.lines.get(key, 2), "G010", f"required field {key!r} is missing or empty", f"add '{key}: ...'")
        return ""
    value = data[key]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        diag(data.lines[key], "G011", f"field {key!r} must be plain text, not {_kind(value)}", f"write '{key}: some text'")
        return ""
    value = value.strip()
    if len(value) > MAX_TEXT:
        diag(data.lines[key], "G011", f"field {key!r} is {len(value)} characters long", f"keep it under {MAX_TEXT}")
        value = value[:MAX_TEXT]
    return value


def _page_id(path: str, data: Mapping, diag) -> str:
    """`id:` when given and valid, else the file's stem."""
    eid = default_id(path)
    if "id" in data:
        given = data["id"]
        if isinstance(given, str) and SLUG.match(given):
            return given
        diag(data.lines["id"], "G012", f"id {str(given)[:80]!r} is not a slug",
             f"use lowercase letters, digits and single hyphens, e.g. {slugify(str(given))!r}")
    elif not SLUG.match(eid):
        diag(2, "G012", f"the file name gives the id {eid!r}, which is not a slug",
             f"rename the file to {slugify(eid)!r}.md or set 'id:'")
    return eid


def _unknown_keys(data: Mapping, known: set[str], diag) -> None:
    for key in data:
        if key not in known:
            near = _closest(key, sorted(known))
            diag(data.lines[key], "G013", f"unknown key {key!r}", f"did you mean {near!r}?" if near else "remove it", "warn")


def _aliases(data: Mapping, diag) -> list[tuple[str, int]]:
    """Each alias with its line."""
    value = data.get("aliases")
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        diag(data.lines["aliases"], "G011", f"'aliases' must be a list of names, not {_kind(value)}",
             "write 'aliases: [Name one, Name two]'")
        return []
    aliases = []
    for i, alias in enumerate(value):
        line = value.lines[i] if isinstance(value, Sequence) else data.lines["aliases"]
        if isinstance(alias, (str, int, float)) and not isinstance(alias, bool) and str(alias).strip():
            aliases.append((str(alias).strip()[:MAX_TEXT], line))
        else:
            diag(line, "G011", f"alias {i + 1} must be plain text, not {_kind(alias)}")
    return aliases


def _hidden_text(data: Mapping, source: str, diag) -> None:
    """G023 for every key and text value of the front matter that holds a character a reader cannot
    see as written: a bidirectional control, an invisible character, a control character. A value may
    hold tabs and line breaks (a YAML block keeps them); a key may not. Reported at the key's line.
    Front matter written without any such character but its line breaks, and without a backslash (the
    only way YAML writes one as an escape), has none in any key or value: it is not walked."""
    if "\\" not in source and not any_hidden(source, LINE_BREAKS):
        return
    for where, line, text, allow in _strings(data, ""):
        found = hidden_characters(text, allow)
        if not found:
            continue
        _, ch, kind = found[0]
        more = len({c for _, c, _ in found}) - 1
        also = f" (and {more} other hidden character{'s' if more > 1 else ''})" if more else ""
        diag(line, "G023", f"{where} holds {codepoint(ch)}, {kind}{also}: {visible(text, allow)[:120]!r}",
             "delete it and type the text as it should read" if kind != "a bidirectional control" else
             "delete it: it changes the order in which the text around it is drawn")


def _strings(value: Any, where: str):
    """(where, line, text, characters allowed) of every key and text value under `value`."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            at = f"{where}.{key}" if where else str(key)
            yield f"key {visible(str(key))!r}", value.lines[key], str(key), frozenset()
            if isinstance(item, str):
                yield f"{visible(at)!r}", value.lines[key], item, WHITESPACE
            else:
                yield from _strings(item, at)
    elif isinstance(value, Sequence):
        for i, item in enumerate(value):
            at = f"{where}[{i + 1}]"
            if isinstance(item, str):
                yield f"{visible(at)!r}", value.lines[i], item, WHITESPACE
            else:
                yield from _strings(item, at)


def _load_citations(path: str, holder: Mapping, line: int, diag) -> tuple[Citation, ...]:
    raw = []
    for key in ("source", "sources"):
        if holder.get(key) is None:
            continue
        value = holder[key]
        if isinstance(value, str):
            raw.append((holder.lines[key], value))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                item_line = value.lines[i] if isinstance(value, Sequence) else holder.lines[key]
                if isinstance(item, str):
                    raw.append((item_line, item))
                else:
                    diag(item_line, "G014", f"citation must be text like 'source-id#p3', not {_kind(item)}")
        else:
            diag(holder.lines[key], "G014", f"'{key}' must be a citation like 'source-id#p3', not {_kind(value)}")
    out = []
    for cline, text in raw:
        m = CITATION.match(text.strip())
        if not m:
            diag(cline, "G014", f"citation {text[:80]!r} is not of the form 'source-id#locator'",
                 "cite a source page's id and the paragraph or section that says it: "
                 "the-next-platform-2018#p16, k8s-windows-nodes#version-compatibility")
            continue
        out.append(Citation(m.group(1), m.group(2) or "", path, cline))
    return tuple(out)


def _load_source_info(data: Mapping, diag) -> dict[str, Any]:
    """A source page's own fields: publisher, dates, address, and the locators facts may cite
    (numbered paragraphs and named sections)."""
    info: dict[str, Any] = {}
    if data.get("publisher") is not None:
        info["publisher"] = _plain(data["publisher"])
    for key in ("published", "updated"):
        if data.get(key) is None:
            continue
        value = _date_value(data[key])
        if value:
            info[key] = value
        else:
            diag(data.lines[key], "G011", f"{key!r} must be a date written YYYY, YYYY-MM or YYYY-MM-DD, "
                 f"not {str(data[key])[:40]!r}", f"write '{key}: 2018-07' (quote it if in doubt)")
    if data.get("url") is not None:
        url = str(data["url"]).strip()
        if re.match(r"^https?://[^\s]+$", url, re.IGNORECASE):
            info["url"] = url
        else:
            diag(data.lines["url"], "G016", f"url {url[:80]!r} is not an http(s) address",
                 "give a web address starting with https://")
    locators: dict[str, Locator] = {}
    if "paragraphs" in data:
        count = data["paragraphs"]
        if isinstance(count, int) and not isinstance(count, bool) and count > 0:
            info["paragraphs"] = count
            locators.update((f"p{n}", Locator(f"p{n}", f"Paragraph {n}")) for n in range(1, count + 1))
        else:
            diag(data.lines["paragraphs"], "G011", "'paragraphs' must be a positive whole number",
                 "give the number of numbered paragraphs in the source, e.g. 'paragraphs: 31'")
    if data.get("sections") is not None:
        locators.update(_load_sections(data, info.get("url", ""), diag))
    info["locators"] = locators
    return info


def _load_sections(data: Mapping, url: str, diag) -> dict[str, Locator]:
    """`sections:` maps a locator (a slug) to the section's heading, or to {title, anchor} when the
    document's own anchor for it differs from the locator."""
    sections = data["sections"]
    if not isinstance(sections, Mapping) or not sections:
        diag(data.lines["sections"], "G011", f"'sections' must be a mapping of locators to headings, not {_kind(sections)}",
             "write 'sections:' then indented 'version-compatibility: Version compatibility' lines")
        return {}
    out: dict[str, Locator] = {}
    base = url.split("#", 1)[0]
    for key, spec in sections.items():
        line = sections.lines[key]
        if not SLUG.match(key) or paragraph_number(key) is not None:
            diag(line, "G012", f"section locator {key!r} is not a slug of its own",
                 f"use lowercase letters, digits and hyphens, not p and a number, e.g. {slugify(key)!r}")
            continue
        anchor = key
        if isinstance(spec, Mapping):
            title, anchor = _plain(spec.get("title")), _plain(spec.get("anchor")) or key
            for extra in spec:
                if extra not in ("title", "anchor"):
                    diag(spec.lines[extra], "G013", f"unknown key {extra!r} in section {key!r}",
                         "a section has a 'title' and, where it differs from the locator, an 'anchor'", "warn")
        else:
            title = _plain(spec) if _is_scalar(spec) else ""
        if not title:
            diag(line, "G011", f"section {key!r} needs its heading as plain text",
                 f"write '{key}: The heading as the document shows it'")
            continue
        out[key] = Locator(key, title, f"{base}#{anchor}" if base and anchor else "")
    return out


def _date_value(value: Any) -> str:
    """A partial ISO date as text (`2016`, `2016-10`, `2016-10-12`), or "" when it is not one."""
    return dates.normal(value) if dates.is_date(value) else ""


def _load_attributes(path: str, data: Mapping, diag) -> list[Attribute]:
    value = data.get("attributes")
    if value is None:
        return []
    if not isinstance(value, Mapping):
        diag(data.lines["attributes"], "G011", f"'attributes' must be a mapping of names, not {_kind(value)}",
             "write 'attributes:' then indented 'name: {value: ..., source: ...}'")
        return []
    out = []
    for name, spec in value.items():
        line = value.lines[name]
        if not isinstance(spec, Mapping):
            diag(line, "G011", f"attribute {name!r} must be a mapping with value and source",
                 f"write '{name}: {{value: {spec!r}, source: source-id#pN}}'" if _is_scalar(spec) else "")
            continue
        for key in spec:
            if key not in ATTRIBUTE_KEYS:
                near = _closest(key, sorted(ATTRIBUTE_KEYS))
                diag(spec.lines[key], "G013", f"unknown key {key!r} in attribute {name!r}",
                     f"did you mean {near!r}?" if near else "remove it", "warn")
        val = spec.get("value")
        if val is None or (isinstance(val, str) and not val.strip()):
            diag(line, "G015", f"attribute {name!r} has no value", "add 'value: ...'")
            continue
        if not _is_scalar(val):
            diag(spec.lines.get("value", line), "G011", f"attribute {name!r} value must be a single value, not {_kind(val)}")
            continue
        if isinstance(val, str):
            val = val.strip()[:MAX_TEXT]
        out.append(Attribute(
            name=str(name), value=val, unit=_plain(spec.get("unit")), note=_plain(spec.get("note")),
            citations=_load_citations(path, spec, line, diag), path=path, line=line))
    return out


def _load_relations(path: str, subject: str, data: Mapping, diag) -> list[Relation]:
    value = data.get("relations")
    if value is None:
        return []
    if not isinstance(value, Sequence):
        diag(data.lines["relations"], "G011", f"'relations' must be a list, not {_kind(value)}",
             "write 'relations:' then items '- type: ...' with target and source")
        return []
    out = []
    for i, item in enumerate(value):
        line = value.lines[i]
        if not isinstance(item, Mapping):
            diag(line, "G011", f"relation {i + 1} must be a mapping with type, target and source, not {_kind(item)}",
                 "write '- type: requires' with 'target: some-id' and 'source: source-id#pN' below it")
            continue
        for key in item:
            if key not in RELATION_KEYS:
                near = _closest(key, sorted(RELATION_KEYS))
                diag(item.lines[key], "G013", f"unknown key {key!r} in relation {i + 1}",
                     f"did you mean {near!r}?" if near else "remove it", "warn")
        missing = [k for k in ("type", "target") if not isinstance(item.get(k), str) or not item[k].strip()]
        if missing:
            for k in missing:
                diag(item.lines.get(k, line), "G010" if item.get(k) is None else "G011",
                     f"relation {i + 1} needs a {k!r} of plain text", f"add '{k}: ...'")
            continue
        target = item["target"].strip()
        if not SLUG.match(target):
            diag(item.lines["target"], "G012", f"relation target {target[:80]!r} is not an id",
                 f"give the id of a page, e.g. {slugify(target)!r}")
            continue
        since, until = _relation_date(item, "since", diag), _relation_date(item, "until", diag)
        if since and until and dates.before(until, since):
            diag(item.lines["until"], "G021", f"relation {i + 1} holds until {until}, before it holds (since {since})",
                 "check the two dates: 'since' is when it began, 'until' when it ended")
        out.append(Relation(
            subject=subject, type=item["type"].strip(), target=target,
            citations=_load_citations(path, item, line, diag), note=_plain(item.get("note")),
            since=since, until=until, path=path, line=line))
    return out


def _relation_date(item: Mapping, key: str, diag) -> str:
    """A relation's `since` or `until` as a partial ISO date ("" when absent or wrong, reported)."""
    value = item.get(key)
    if value is None or value == "":
        return ""
    if dates.is_date(value):
        return dates.normal(value)
    diag(item.lines[key], "G020", f"{key!r} must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not {str(value)[:40]!r}",
         f"write '{key}: 2016-10' (quote it if in doubt)")
    return ""


def load_pages(pages: Iterable[tuple[str, bytes | str]]) -> tuple[list[Entity], list[Diagnostic]]:
    """Load many pages, given as (path relative to docs/, content). Sorted by path. Many pages are read
    on two cores where that is safe (`prerender.split_map`): the same entities and diagnostics, in the
    same order."""
    from .prerender import split_map

    entities, diags = [], []
    # Reading pages makes many small objects and no cycles: Python's cycle collector, run meanwhile, would
    # scan the whole growing heap again and again (at 10,000 pages, a tenth of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        loaded = split_map(_load_one, sorted(pages, key=lambda p: p[0]))
    finally:
        if collecting:
            gc.enable()
    for entity, found in loaded:
        diags.extend(found)
        if entity is not None:
            entities.append(entity)
    return entities, diags


def _load_one(page: tuple[str, bytes | str]) -> tuple[Entity | None, list[Diagnostic]]:
    return load_page(*page)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())[:MAX_TEXT]


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "nothing"
    return "text"


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "my-page"


DIRECTIVE = re.compile(r"<!--\s*atlas:([a-z][a-z-]*)\b(.*?)-->", re.DOTALL)


def find_directives(path: str, text: str) -> tuple[list[tuple[int, int, str, Mapping, int]], list[Diagnostic]]:
    """`<!-- atlas:NAME options -->` blocks in a page: (start, end, name, options, line) each.

    The options are YAML (a mapping, possibly empty). A block whose YAML cannot be read is
    reported (G017) and left out.
    """
    found, diags = [], []
    for m in DIRECTIVE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        body = m.group(2)
        try:
            options, _ = parse_yaml(body, first_line=line) if body.strip() else (Mapping(), [])
        except YamlError as exc:
            diags.append(Diagnostic(path, exc.line, "G017", f"the options of 'atlas:{m.group(1)}' are not valid YAML: "
                                    f"{exc.message}", exc.hint))
            continue
        if options is None:
            options = Mapping()
        if not isinstance(options, Mapping):
            diags.append(Diagnostic(path, line, "G017", f"the options of 'atlas:{m.group(1)}' must be 'key: value' lines"))
            continue
        found.append((m.start(), m.end(), m.group(1), options, line))
    return found, diags
