"""Every check: pages in, the exact diagnostic lines out."""

import pytest

from helpers import SCHEMA, base_pages, page
from graph import pipeline
from graph.validate import CHECKS, CODES


def diagnostics(pages: dict[str, str], severities=None) -> list[str]:
    result = pipeline.run({**base_pages(), **pages}.items(), SCHEMA, "schema.yml", severities)
    return [str(d) for d in result.diagnostics]


CASES = [
    # a type the schema does not have, close to one it has
    ({"kb/x.md": page("X", type_="technolgy", relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:3: G101 unknown entity type 'technolgy' (did you mean 'technology'?)"]),
    # a misspelt relation type
    ({"kb/x.md": page("X", relations="- {type: require, target: acme, source: article#p2}")},
     ["kb/x.md:6: G102 unknown relation type 'require' (did you mean 'requires'?)"]),
    # a relation the schema allows only from technologies to organisations
    ({"kb/x.md": page("X", relations="- {type: made-by, target: y, source: article#p2}"),
      "kb/y.md": page("Y")},
     ["kb/x.md:6: G103 relation 'made-by' cannot link a technology to a technology ('y') "
      "('made-by' goes to organisation)"]),
    # a relation to the page itself
    ({"kb/x.md": page("X", relations="- {type: requires, target: x, source: article#p2}\n"
                                     "- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:6: G104 relation 'requires' points to this page itself (point it to another id)"]),
    # a relation to an id no page declares
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acmee, source: article#p2}")},
     ["kb/x.md:6: G201 relation 'made-by' points to 'acmee', which no page declares (did you mean 'acme'?)"]),
    # two pages with one id
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p2}"),
      "kb/z.md": page("Z", extra="id: x\n")},
     ["kb/z.md:5: G202 id 'x' is already declared by kb/x.md (give this page another id (file name or 'id:'))"]),
    # a citation of a source no page declares
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: artcle#p2}")},
     ["kb/x.md:6: G203 citation 'artcle#p2' names a source no page declares (did you mean 'article'?)"]),
    # a citation of a page that is not a source
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: acme}")},
     ["kb/x.md:6: G203 citation 'acme' names 'acme', which is not a source page (cite a source page: 'article')"]),
    # a paragraph the source does not have
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p11}")},
     ["kb/x.md:6: G204 citation 'article#p11' names paragraph 11, but 'article' has paragraphs 1 to 10 "
      "(check the paragraph number)"]),
    # a section the source does not declare: the nearest declared ones as the hint
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: doc#isolation-mode}"),
      "kb/doc.md": page("Doc", type_="source", extra="publisher: P\npublished: 2020\nurl: https://example.org/d\n"
                                                     "sections: {isolation-modes: Isolation modes, versions: Versions}\n",
                         relations="- {type: published-by, target: acme, source: doc#versions}")},
     ["kb/x.md:6: G204 citation 'doc#isolation-mode' names 'isolation-mode', which 'doc' does not declare "
      "(did you mean 'isolation-modes'?)"]),
    # a source without an address or a date (a warning)
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: doc#a}"),
      "kb/doc.md": page("Doc", type_="source", extra="sections: {a: A}\n",
                         relations="- {type: published-by, target: acme, source: doc#a}")},
     ["kb/doc.md:3: G209 source 'doc' has no address ('url') and no publication date ('published') "
      "(add 'url: https://...', the document's address and add 'published: YYYY-MM-DD' (or YYYY-MM, YYYY), "
      "the date it shows)"]),
    # citations on attributes are checked as those on relations are: a source no page declares, a paragraph
    # the source does not have
    ({"kb/x.md": page("X", extra="attributes:\n  size: {value: 3, unit: MB, source: artcle#p2}\n"
                                 "  released: {value: '2019', source: article#p12}\n",
                      relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:6: G203 citation 'artcle#p2' names a source no page declares (did you mean 'article'?)",
      "kb/x.md:7: G204 citation 'article#p12' names paragraph 12, but 'article' has paragraphs 1 to 10 "
      "(check the paragraph number)"]),
    # a source with an address but no date, and one with a date but no address (warnings)
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: doc#a}\n"
                                     "- {type: requires, target: y, source: doc2#a}"),
      "kb/y.md": page("Y", relations="- {type: made-by, target: acme, source: doc2#a}"),
      "kb/doc.md": page("Doc", type_="source", extra="url: https://example.org/d\nsections: {a: A}\n",
                         relations="- {type: published-by, target: acme, source: doc#a}"),
      "kb/doc2.md": page("Doc two", type_="source", extra="published: 2020-02\nsections: {a: A}\n",
                          relations="- {type: published-by, target: acme, source: doc2#a}")},
     ["kb/doc.md:3: G209 source 'doc' has no publication date ('published') "
      "(add 'published: YYYY-MM-DD' (or YYYY-MM, YYYY), the date it shows)",
      "kb/doc2.md:3: G209 source 'doc2' has no address ('url') (add 'url: https://...', the document's address)"]),
    # a relation with no citation
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme}")},
     ["kb/x.md:6: G205 relation 'made-by' to 'acme' cites no source (add 'source: source-id#pN')"]),
    # an attribute with no citation
    ({"kb/x.md": page("X", extra="attributes:\n  size: {value: 3}\n",
                      relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:6: G206 attribute 'size' cites no source (add 'source: source-id#pN')"]),
    # a page with no relation at all (a warning)
    ({"kb/x.md": page("X")},
     ["kb/x.md:3: G207 'x' has no relations, so the graph shows it alone (add at least one relation under 'relations:')"]),
    # a date that is not a date, and a relation that ends before it begins
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p2, since: autumn 2016}\n"
                                     "- type: requires\n  target: acme\n  source: article#p2\n  since: '2019'\n"
                                     "  until: '2016-02'")},
     ["kb/x.md:6: G020 'since' must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not 'autumn 2016' "
      "(write 'since: 2016-10' (quote it if in doubt))",
      "kb/x.md:11: G021 relation 2 holds until 2016-02, before it holds (since 2019) (check the two dates: 'since' "
      "is when it began, 'until' when it ended)"]),
    # an attribute the schema names as a start that holds no date; a day that does not exist
    ({"kb/x.md": page("X", extra="attributes:\n  released: {value: soon, source: article#p1}\n"
                                 "  retired: {value: '2019-02-30', source: article#p1}\n",
                      relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:6: G210 attribute 'released' dates the start of a technology's life, but 'soon' is not a date "
      "(write it YYYY, YYYY-MM or YYYY-MM-DD, quoted)",
      "kb/x.md:7: G210 attribute 'retired' dates the end of a technology's life, but '2019-02-30' is not a date "
      "(write it YYYY, YYYY-MM or YYYY-MM-DD, quoted)"]),
    # an entity that ends before it starts
    ({"kb/x.md": page("X", extra="attributes:\n  released: {value: '2019', source: article#p1}\n"
                                 "  retired: {value: '2016-05', source: article#p1}\n",
                      relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:3: G212 'x' ends (2016-05) before it starts (2019) (check the dates of its start and end attributes)"]),
    # a relation dated outside the life of one of its ends (a warning); one that overlaps it is fine
    ({"kb/x.md": page("X", extra="attributes:\n  released: {value: '2018-10', source: article#p1}\n",
                      relations="- {type: requires, target: y, source: article#p2, until: '2017'}\n"
                                "- {type: made-by, target: acme, source: article#p2, since: '2016', until: '2019'}"),
      "kb/y.md": page("Y", relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:8: G211 relation 'requires' to 'y' is dated … to 2017, outside the life of 'x' (2018-10 to …) "
      "(check the relation's 'since'/'until' and the entity's dates)"]),
    # a source with no relations is no orphan: the facts that cite it link it
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: doc#a}"),
      "kb/doc.md": page("Doc", type_="source", extra="publisher: P\npublished: 2020\nurl: https://example.org/d\n"
                                                     "sections: {a: A}\n")},
     []),
    # a right-to-left override in a title: 'runc\u202egnp.exe' is drawn 'runcexe.png'
    ({"kb/x.md": page('"runc\\u202Egnp.exe"', relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:2: G023 'title' holds U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control: 'runc<U+202E>gnp.exe' "
      "(delete it: it changes the order in which the text around it is drawn)"]),
    # a zero-width space in a title, which then looks like another page's alias (a warning as well)
    ({"kb/x.md": page('"Docker\\u200BEngine"', relations="- {type: made-by, target: acme, source: article#p2}"),
      "kb/y.md": page("Y", extra="aliases: [DockerEngine]\n", relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:2: G023 'title' holds U+200B ZERO WIDTH SPACE, an invisible character: 'Docker<U+200B>Engine' "
      "(delete it and type the text as it should read)",
      "kb/x.md:2: G214 title 'Docker<U+200B>Engine' looks like 'DockerEngine', the alias of kb/y.md "
      "(did you mean 'DockerEngine'? if this is another thing, give it a name readers can tell apart)"]),
    # a control character in an alias (the second item of a block list), and a bidi mark in a relation's note
    ({"kb/x.md": page("X", extra='aliases:\n  - Ex\n  - "E\\x07x"\n',
                      relations="- {type: made-by, target: acme, source: article#p2, note: \"a\\u200Fb\"}")},
     ["kb/x.md:7: G023 'aliases[2]' holds U+0007, a control character: 'E<U+0007>x' "
      "(delete it and type the text as it should read)",
      "kb/x.md:9: G023 'relations[1].note' holds U+200F RIGHT-TO-LEFT MARK, a bidirectional control: 'a<U+200F>b' "
      "(delete it: it changes the order in which the text around it is drawn)"]),
    # a key with a zero-width joiner in it
    ({"kb/x.md": page("X", extra='"sum\\u200Dmary": x\n', relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:5: G013 unknown key 'sum\\u200dmary' (did you mean 'summary'?)",
      "kb/x.md:5: G023 key 'sum<U+200D>mary' holds U+200D ZERO WIDTH JOINER, an invisible character: "
      "'sum<U+200D>mary' (delete it and type the text as it should read)"]),
    # the same characters typed as they are, not as YAML escapes, beside visible letters outside ASCII
    ({"kb/x.md": page("Café\u2066 runc", extra="aliases: [Ex\u200b]\n",
                      relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:2: G023 'title' holds U+2066 LEFT-TO-RIGHT ISOLATE, a bidirectional control: 'Café<U+2066> runc' "
      "(delete it: it changes the order in which the text around it is drawn)",
      "kb/x.md:4: G023 'summary' holds U+2066 LEFT-TO-RIGHT ISOLATE, a bidirectional control: 'About Café<U+2066> "
      "runc.' (delete it: it changes the order in which the text around it is drawn)",
      "kb/x.md:5: G023 'aliases[1]' holds U+200B ZERO WIDTH SPACE, an invisible character: 'Ex<U+200B>' "
      "(delete it and type the text as it should read)"]),
    # an id that differs from another page's only by a digit for a letter (a warning, with 'did you mean')
    ({"kb/powershell.md": page("PowerShell", relations="- {type: made-by, target: acme, source: article#p2}"),
      "kb/x.md": page("X", extra="id: p0wershell\n", relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:5: G214 id 'p0wershell' looks like 'powershell', the id of kb/powershell.md "
      "(did you mean 'powershell'? if this is another thing, give it a name readers can tell apart)"]),
    # a title in Cyrillic look-alikes, and capital I for small l: both confusable
    ({"kb/x.md": page("Асme Cloud", relations="- {type: made-by, target: acme, source: article#p2}"),
      "kb/y.md": page("Acme cloud", extra="aliases: [Ilama]\n", relations="- {type: made-by, target: acme, source: article#p2}"),
      "kb/z.md": page("llama", relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:2: G214 title 'Асme Cloud' looks like 'Acme cloud', the title of kb/y.md "
      "(did you mean 'Acme cloud'? if this is another thing, give it a name readers can tell apart)",
      "kb/z.md:2: G214 title 'llama' looks like 'Ilama', the alias of kb/y.md "
      "(did you mean 'Ilama'? if this is another thing, give it a name readers can tell apart)"]),
    # tabs and line breaks in a value are whitespace, not hidden text; the same name on two pages is no confusable
    ({"kb/x.md": page("X", extra="aliases: [Acme]\nattributes:\n  size: {value: 3, source: article#p2, note: \"a\\tb\"}\n",
                      relations="- {type: made-by, target: acme, source: article#p2}")},
     []),
    # the same relation twice
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p2}\n"
                                     "- {type: made-by, target: acme, source: article#p3}")},
     ["kb/x.md:7: G208 relation 'made-by' to 'acme' is declared twice (keep one and list every citation under 'sources:')"]),
]


@pytest.mark.parametrize("pages, expected", CASES)
def test_golden(pages, expected):
    assert diagnostics(pages) == expected


def test_clean_site_has_no_diagnostics():
    assert diagnostics({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p2}")}) == []


def test_every_mistake_across_pages_in_one_run():
    found = diagnostics({
        "kb/a.md": page("A", type_="nope", relations="- {type: made-by, target: ghost, source: article#p2}"),
        "kb/b.md": "---\ntitle: B\n",
        "kb/c.md": page("C", relations="- {type: requires, target: a, source: nowhere}"),
    })
    assert [line.split(" ")[0:2] for line in found] == [
        ["kb/a.md:3:", "G101"], ["kb/a.md:6:", "G201"], ["kb/b.md:1:", "G003"], ["kb/c.md:6:", "G203"]]


def test_severities_can_be_changed_or_ignored():
    pages = {"kb/x.md": page("X")}
    assert diagnostics(pages, {"G207": "ignore"}) == []
    result = pipeline.run({**base_pages(), **pages}.items(), SCHEMA, "schema.yml", {"G207": "error"})
    assert [d.severity for d in result.diagnostics] == ["error"]


def test_every_code_is_documented_with_an_example_of_the_mistake_and_its_fix():
    # (that every check's code is in CODES, the module asserts as it registers the check)
    assert CHECKS and all(c.title and c.severity in ("error", "warn") for c in CODES.values())
    assert [code for code, c in CODES.items() if not (c.wrong and c.fix)] == []


DATED = SCHEMA.replace("end: retired, timeless: true}", "end: retired}").replace(
    "  requires: {label: requires, inverse: required by}",
    "  requires: {label: requires, inverse: required by}\n  introduced-in: {label: introduced in, inverse: introduced}")


@pytest.mark.parametrize("pages, expected", [
    # a technology (a dated type) with no start
    ({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p2}")},
     ["kb/x.md:3: G213 'x' is a technology with no start: at past dates the graph draws it as undated (add one of "
      "released, announced with its date and source, or an 'introduced-in' relation to a dated release)"]),
    # its start follows from the release it was introduced in: no warning
    ({"kb/x.md": page("X", relations="- {type: introduced-in, target: r, source: article#p2}"),
      "kb/r.md": page("R", extra="attributes:\n  released: {value: '2016-03', source: article#p1}\n")},
     []),
    # an organisation (not dated by this schema) and the source (dated by 'published', G209's business): none
    ({"kb/x.md": page("X", extra="attributes:\n  announced: {value: '2015', source: article#p1}\n",
                      relations="- {type: made-by, target: acme, source: article#p2}")},
     []),
])
def test_g213_names_entities_of_dated_types_without_a_start(pages, expected):
    result = pipeline.run({**base_pages(), **pages}.items(), DATED, "schema.yml")
    assert [str(d) for d in result.diagnostics] == expected
    assert all(d.severity == "warn" for d in result.diagnostics)
    quiet = pipeline.run({**base_pages(), **pages}.items(), DATED, "schema.yml", {"G213": "ignore"})
    assert quiet.diagnostics == []


def test_a_timeless_type_is_never_undated_and_timeless_must_be_a_boolean():
    from graph.schema import parse_schema

    schema, problems = parse_schema(SCHEMA.replace("timeless: true", "timeless: sometimes"), "schema.yml")
    assert [str(d) for d in problems] == ["schema.yml:3: G100 'timeless' of 'technology' must be true or false "
                                          "(e.g. 'timeless: true')"]
    assert parse_schema(SCHEMA, "schema.yml")[0].is_dated("technology") is False
    assert parse_schema(DATED, "schema.yml")[0].is_dated("technology") is True
    assert parse_schema(DATED, "schema.yml")[0].is_dated("source") is False
