"""The loader: front matter to records, with the line of every key."""

import pytest

from graph.load import load_page, parse_yaml, split_front_matter


def test_lines_of_keys_relations_and_attributes():
    text = ("---\ntitle: Nano Server\ntype: base-image\nsummary: Small.\naliases: [nanoserver]\n"
            "attributes:\n  size: {value: 232, unit: MB, source: art#p16}\n"
            "relations:\n  - type: omits\n    target: powershell\n    source: art#p16\n"
            "  - type: made-by\n    target: microsoft\n    sources: [art#p14, art]\n---\nBody here.\n")
    entity, diags = load_page("kb/nano-server.md", text)
    assert diags == []
    assert entity.id == "nano-server"
    assert entity.line_of("title") == 2 and entity.line_of("relations") == 8
    assert [r.line for r in entity.relations] == [9, 12]
    assert [(c.source, c.paragraph, c.line) for c in entity.relations[1].citations] == [("art", 14, 14), ("art", None, 14)]
    (size,) = entity.attributes
    assert (size.name, size.value, size.unit, size.line) == ("size", 232, "MB", 7)
    assert entity.body.strip() == "Body here." and entity.body_line == 16


def test_id_defaults_to_stem_and_can_be_given():
    entity, _ = load_page("kb/a/docker-engine.md", "---\ntitle: D\ntype: t\nsummary: s\n---\n")
    assert entity.id == "docker-engine"
    entity, _ = load_page("kb/x.md", "---\nid: docker\ntitle: D\ntype: t\nsummary: s\n---\n")
    assert entity.id == "docker"


def test_dates_become_text():
    entity, diags = load_page("kb/x.md", "---\ntitle: X\ntype: t\nsummary: s\nattributes:\n"
                                         "  released: {value: 2017-09-01, source: a}\n---\n")
    assert entity.attributes[0].value == "2017-09-01"


def test_split_front_matter():
    assert split_front_matter("---\na: 1\n---\nbody") == ("a: 1", "body", 4, True)
    assert split_front_matter("no front matter") == (None, "no front matter", 1, True)
    assert split_front_matter("---\na: 1\n")[3] is False


def test_alias_bomb_is_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    with pytest.raises(Exception) as info:
        parse_yaml(bomb)
    assert "too many" in str(info.value) or "nested" in str(info.value)


# Golden cases: a page in, the exact diagnostic lines out.
CASES = [
    # an empty file
    ("", ["kb/x.md:1: G002 the page is empty (start it with front matter: ---, title, type, summary, ---)"]),
    # prose with no front matter
    ("Just prose.\n", ["kb/x.md:1: G002 the page has no front matter (start the file with a line '---', then "
                       "title, type and summary, then a line '---')"]),
    # the front matter never ends
    ("---\ntitle: X\n", ["kb/x.md:1: G003 the front matter is not closed (end it with a line '---' before the prose)"]),
    # front matter that is a list
    ("---\n- a\n- b\n---\n", ["kb/x.md:2: G005 the front matter is a list, not a mapping of keys "
                              "(write it as 'key: value' lines: title, type, summary, ...)"]),
    # front matter that is a scalar
    ("---\njust text\n---\n", ["kb/x.md:2: G005 the front matter is a single value, not a mapping of keys "
                               "(write it as 'key: value' lines: title, type, summary, ...)"]),
    # a key given twice
    ("---\ntitle: X\ntype: t\nsummary: s\ntitle: Y\n---\n",
     ["kb/x.md:5: G006 key 'title' is given twice (keep one; YAML would silently use the last)"]),
    # no summary
    ("---\ntitle: X\ntype: t\n---\n", ["kb/x.md:2: G010 required field 'summary' is missing or empty (add 'summary: ...')"]),
    # an empty title
    ("---\ntitle: ''\ntype: t\nsummary: s\n---\n",
     ["kb/x.md:2: G010 required field 'title' is missing or empty (add 'title: ...')"]),
    # a list where a title goes
    ("---\ntitle: [a]\ntype: t\nsummary: s\n---\n",
     ["kb/x.md:2: G011 field 'title' must be plain text, not a list (write 'title: some text')"]),
    # a number where the aliases list goes is read as one alias; a mapping is not
    ("---\ntitle: X\ntype: t\nsummary: s\naliases: {a: 1}\n---\n",
     ["kb/x.md:5: G011 'aliases' must be a list of names, not a mapping (write 'aliases: [Name one, Name two]')"]),
    # a relation written as a string
    ("---\ntitle: X\ntype: t\nsummary: s\nrelations:\n  - requires cgroups\n---\n",
     ["kb/x.md:6: G011 relation 1 must be a mapping with type, target and source, not text (write '- type: "
      "requires' with 'target: some-id' and 'source: source-id#pN' below it)"]),
    # an id that tries a path
    ("---\nid: ../x\ntitle: X\ntype: t\nsummary: s\n---\n",
     ["kb/x.md:2: G012 id '../x' is not a slug (use lowercase letters, digits and single hyphens, e.g. 'x')"]),
    # a misspelt key
    ("---\ntitle: X\ntype: t\nsummary: s\nrelatons: []\n---\n",
     ["kb/x.md:5: G013 unknown key 'relatons' (did you mean 'relations'?)"]),
    # a citation that is not an id
    ("---\ntitle: X\ntype: t\nsummary: s\nrelations:\n  - {type: requires, target: y, source: paragraph 3}\n---\n",
     ["kb/x.md:6: G014 citation 'paragraph 3' is not of the form 'source-id#locator' (cite a source page's id "
      "and the paragraph or section that says it: the-next-platform-2018#p16, k8s-windows-nodes#version-compatibility)"]),
    # a source's date that is not a partial ISO date
    ("---\ntitle: X\ntype: source\nsummary: s\npublished: July 2018\n---\n",
     ["kb/x.md:5: G011 'published' must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not 'July 2018' "
      "(write 'published: 2018-07' (quote it if in doubt))"]),
    # a section locator that could be read as a paragraph, and one without its heading
    ("---\ntitle: X\ntype: source\nsummary: s\nsections:\n  p2: Two\n  notes: {anchor: n}\n---\n",
     ["kb/x.md:6: G012 section locator 'p2' is not a slug of its own (use lowercase letters, digits and hyphens, "
      "not p and a number, e.g. 'p2')",
      "kb/x.md:7: G011 section 'notes' needs its heading as plain text (write 'notes: The heading as the document "
      "shows it')"]),
    # an attribute without value
    ("---\ntitle: X\ntype: t\nsummary: s\nattributes:\n  size: {unit: MB, source: a}\n---\n",
     ["kb/x.md:6: G015 attribute 'size' has no value (add 'value: ...')"]),
    # a source url with a script scheme
    ("---\ntitle: X\ntype: source\nsummary: s\nurl: javascript:alert(1)\n---\n",
     ["kb/x.md:5: G016 url 'javascript:alert(1)' is not an http(s) address (give a web address starting with https://)"]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_golden(text, expected):
    _, diags = load_page("kb/x.md", text)
    assert [str(d) for d in diags] == expected


def test_colon_in_unquoted_value():
    _, diags = load_page("kb/x.md", "---\ntitle: X\ntype: t\nsummary: a: b\n---\n")
    (d,) = diags
    assert (d.code, d.line) == ("G004", 4)
    assert d.message.startswith("YAML syntax error: mapping values are not allowed")  # libyaml words it its own way
    assert "quote values" in d.hint


def test_tab_in_yaml():
    _, diags = load_page("kb/x.md", "---\ntitle: X\n\ttype: t\n---\n")
    assert len(diags) == 1 and diags[0].code == "G004" and diags[0].line == 3
    assert "tabs" in diags[0].hint


def test_invalid_utf8_and_bom():
    _, diags = load_page("kb/x.md", b"---\ntitle: \xff\n---\n")
    assert [(d.code, d.line) for d in diags] == [("G001", 2)]
    entity, diags = load_page("kb/x.md", "\ufeff---\ntitle: X\ntype: t\nsummary: s\n---\n".encode())
    assert entity is not None and [d.code for d in diags] == ["G007"]


def test_every_mistake_in_one_page_is_reported():
    text = "---\ntitle: [x]\ntype: t\naliases: 3\nrelations:\n  - type: requires\n  - oops\n---\n"
    _, diags = load_page("kb/x.md", text)
    assert [(d.code, d.line) for d in diags] == [("G011", 2), ("G010", 2), ("G011", 4), ("G010", 6), ("G011", 7)]


def test_a_source_declares_paragraphs_and_sections_as_locators():
    text = ("---\ntitle: Docs\ntype: source\nsummary: s\npublisher: P\npublished: 2016-09-26\nupdated: 2025-01\n"
            "url: https://example.org/doc#top\nparagraphs: 2\nsections:\n  isolation-modes: Isolation modes\n"
            "  matrix: {title: Compatibility matrix, anchor: windows-server-2025}\n---\n")
    entity, diags = load_page("kb/docs.md", text)
    assert diags == []
    info = entity.source_info
    assert (info["published"], info["updated"], info["url"]) == ("2016-09-26", "2025-01", "https://example.org/doc#top")
    assert [(loc.id, loc.title, loc.url) for loc in info["locators"].values()] == [
        ("p1", "Paragraph 1", ""), ("p2", "Paragraph 2", ""),
        ("isolation-modes", "Isolation modes", "https://example.org/doc#isolation-modes"),
        ("matrix", "Compatibility matrix", "https://example.org/doc#windows-server-2025")]


def test_citations_name_a_paragraph_or_a_section():
    text = ("---\ntitle: X\ntype: t\nsummary: s\nrelations:\n  - type: requires\n    target: y\n"
            "    sources: [docs#isolation-modes, docs#p2, docs]\n---\n")
    entity, diags = load_page("kb/x.md", text)
    assert diags == []
    cites = entity.relations[0].citations
    assert [(str(c), c.locator, c.paragraph, c.anchor) for c in cites] == [
        ("docs#isolation-modes", "isolation-modes", None, "s-isolation-modes"),
        ("docs#p2", "p2", 2, "p2"), ("docs", "", None, "")]
