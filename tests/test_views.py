"""Views that narrative pages embed: timeline, comparison table with bars, layered block diagram."""

import pytest

from graph import pipeline
from graph.load import find_directives
from graph.render import Context, default_url
from graph.views import ViewError, render_directive
from helpers import SCHEMA, base_pages, graph_cli, page

PAGES = {
    "kb/small.md": page("Small", extra="attributes:\n  size: {value: 232, unit: MB, source: article#p1}\n"
                                       "  released: {value: '2017-09', source: article#p2}\n",
                        relations="- {type: made-by, target: acme, source: article#p1, since: '2014'}"),
    "kb/big.md": page("Big", extra="attributes:\n  size: {value: 3.38, unit: GB, source: article#p1}\n",
                      relations="- {type: requires, target: small, source: article#p3}"),
}


@pytest.fixture
def r():
    result = pipeline.run({**base_pages(), **PAGES}.items(), SCHEMA, "schema.yml")
    return Context(result.G, result.schema, result.layout, default_url)


def test_timeline_orders_dated_facts(r):
    html = render_directive(r, "timeline", {}, "timeline/")
    assert html.index(">2014<") < html.index(">September 2017<")
    assert '<a href="../kb/small/">Small</a> <em>made by</em> <a href="../kb/acme/">Acme</a>, from then' in html


def test_timeline_between_two_dates_and_of_one_type(r):
    html = render_directive(r, "timeline", {"from": "2015", "to": "2017-09"}, "timeline/")
    assert ">September 2017<" in html and ">2014<" not in html  # the made-by relation began in 2014
    assert ">2018-07<" not in html and "July 2018" not in html  # the source's publication is not an attribute
    assert "No dated facts yet." in render_directive(r, "timeline", {"type": "organisation"}, "timeline/")


def test_matrix_of_relations_between_pairs(r):
    html = render_directive(r, "matrix", {"relations": {"requires": "needs", "made-by": "by"}, "corner": "A / B"}, "m/")
    assert '<th scope="col">A / B</th>' in html
    head = html.split("</thead>")[0]
    assert head.index("Small") < head.index("Acme")  # columns by start of life (Small's is dated), then title
    big = html.split('<th scope="row"><a href="../kb/big/">Big</a></th>')[1].split("</tr>")[0]
    assert big.count('class="atlas-matrix-yes"') == 1 and "needs <a class=\"atlas-cite\"" in big
    assert "<em>needs</em>: requires; <em>by</em>: made by" in html


def test_glossary_lists_names_and_aliases_a_to_z(site):
    pages = {"kb/zed.md": page("Zed", extra="aliases: [Alpha-zed]\n",
                               relations="- {type: made-by, target: acme, source: article#p1}")}
    result = pipeline.run({**base_pages(), **pages}.items(), SCHEMA, "schema.yml")
    ctx = Context(result.G, result.schema, result.layout, default_url)
    html = render_directive(ctx, "glossary", {}, "glossary/")
    assert html.index('id="glossary-a"') < html.index("Alpha-zed") < html.index('id="glossary-z"')
    assert "<dt>Alpha-zed</dt><dd><p>See <a href=\"../kb/zed/\">Zed</a>.</p></dd>" in html
    assert "An article" not in html  # sources are not glossary entries


def test_table_of_current_entities_with_their_life_and_what_replaced_them():
    pages = {"kb/old.md": page("Old", extra="attributes:\n  released: {value: '2015', source: article#p1}\n"
                                            "  retired: {value: '2020-01-31', source: article#p2}\n",
                               relations="- {type: requires, target: new, source: article#p3, since: '2018'}"),
             "kb/new.md": page("New", extra="attributes:\n  released: {value: '2018-06', source: article#p4}\n",
                               relations="- {type: made-by, target: acme, source: article#p1}")}
    result = pipeline.run({**base_pages(), **pages}.items(), SCHEMA, "schema.yml")
    ctx = Context(result.G, result.schema, result.layout, default_url)
    html = render_directive(ctx, "table", {"type": "technology", "relations": ["requires"], "inverse": ["requires"],
                                           "life": True}, "t/")
    assert "<th>Requires</th><th>Required by</th><th>Life</th>" in html
    old = html.split('<tr><td><a href="../kb/old/">Old</a></td>')[1].split("</tr>")[0]
    assert "New</a> <span class=\"atlas-note\">(since 2018)</span>" in old and "2015 – 31 January 2020" in old
    current = render_directive(ctx, "table", {"type": "technology", "current": True}, "t/")
    assert "New" in current and "Old" not in current
    ended = render_directive(ctx, "table", {"type": "technology", "ended": True}, "t/")
    assert "Old" in ended and "New" not in ended


def test_table_with_bars_in_one_unit(r):
    html = render_directive(r, "table", {"type": "technology", "attributes": ["size"], "relations": ["requires"],
                                         "bar": "size"}, "compare/")
    assert html.index("Big") < html.index("Small")  # rows sorted by title
    bars = html.split('class="atlas-bars"')[1]
    assert bars.index("Small") < bars.index("Big")  # bars smallest first, 232 MB < 3.38 GB
    assert "--atlas-share: 100.0%" in bars and "--atlas-share: 6.7%" in bars


def test_view_lays_out_layers_and_lists_relations(r):
    html = render_directive(r, "view", {"title": "Stack <b>", "layers": [["big"], ["small", "acme"]]}, "arch/")
    assert "<figcaption>Stack &lt;b&gt;</figcaption>" in html
    assert html.count('<ol class="atlas-band">') == 2
    assert "<em>requires</em>" in html and "<em>made by</em>" in html


@pytest.mark.parametrize("name, options, message", [
    ("table", {"type": "nope"}, "'type' must be an entity type of the schema, not 'nope'"),  # a misspelt type
    ("view", {"title": "T", "layers": [["ghost"]]}, "'ghost' is not the id of any page"),  # an id with no page
    ("view", {"layers": [["big"]]}, "'title' is required: name what the diagram shows"),  # no title
    ("chart", {}, "unknown view 'atlas:chart' (use one of: changes, glossary, matrix, sources, table, timeline, typemap, view)"),
    ("timeline", {"from": "last year"}, "'from' must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not 'last year'"),
    ("matrix", {"relations": ["requires"]}, "'relations' must map relation types to the word a cell shows, e.g. "
                                            "{hosts-process-isolated: process}"),
])
def test_view_mistakes(r, name, options, message):
    with pytest.raises(ViewError) as info:
        render_directive(r, name, options, "x/")
    assert str(info.value) == message


def test_find_directives_with_lines():
    text = "# T\n\n<!-- atlas:timeline -->\n\n<!-- atlas:table\ntype: [\n-->\n"
    found, problems = find_directives("p.md", text)
    assert [(name, line) for _, _, name, _, line in found] == [("timeline", 3)]
    assert [(d.code, d.line) for d in problems] == [("G017", 6)]


def test_check_reports_a_broken_view_on_a_narrative_page(site):
    root = site(PAGES)
    (root / "docs/compare.md").write_text("# C\n\n<!-- atlas:table\ntype: technolgy\n-->\n")
    out = graph_cli(root, "check")
    assert out.returncode == 1
    assert out.stdout == ("docs/compare.md:3: G017 'atlas:table': 'type' must be an entity type of the schema, "
                          "not 'technolgy'\n")
