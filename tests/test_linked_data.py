"""JSON-LD and Turtle exports: read back with rdflib, the same graph both ways, stable IRIs."""

import rdflib
from rdflib.compare import isomorphic

from graph import export, pipeline
from graph.render import default_url
from helpers import SCHEMA, base_pages, page

BASE = "https://atlas.example/"
PAGES = {"kb/x.md": page('X "quoted" \\ back', extra="aliases: [Ex, 'E\\u00e9 <b>']\n"
                         "attributes:\n  size: {value: 3.5, unit: MB, source: article#p4}\n",
                         relations="- {type: made-by, target: acme, source: [article#p2, article], note: 'a\\nb'}\n"
                                   "- {type: requires, target: acme, source: article#p1}")}


def exports():
    result = pipeline.run({**base_pages(), **PAGES}.items(), SCHEMA, "schema.yml")
    doc = export.graph_document(result.G, result.schema, default_url)
    return doc, export.to_turtle(doc, result.schema, BASE), export.to_jsonld(doc, result.schema, BASE)


def test_turtle_and_jsonld_read_back_as_the_same_graph():
    doc, ttl, jsonld = exports()
    g1 = rdflib.Graph().parse(data=ttl, format="turtle")
    g2 = rdflib.Graph().parse(data=jsonld, format="json-ld")
    assert len(g1) > 0 and isomorphic(g1, g2)


def test_stable_iris_and_every_relation_as_a_triple():
    doc, ttl, _ = exports()
    g = rdflib.Graph().parse(data=ttl, format="turtle")
    x, acme = rdflib.URIRef(BASE + "id/x"), rdflib.URIRef(BASE + "id/acme")
    made_by = rdflib.URIRef(BASE + "schema/made-by")
    assert (x, made_by, acme) in g
    assert (x, rdflib.RDF.type, rdflib.URIRef(BASE + "schema/technology")) in g
    assert (x, rdflib.RDFS.label, rdflib.Literal('X "quoted" \\ back')) in g
    assert len(list(g.subjects(rdflib.RDF.type, rdflib.RDF.Statement))) == len(doc["links"])
    statement = next(s for s in g.subjects(rdflib.RDF.predicate, made_by))
    sources = sorted(str(o) for o in g.objects(statement, rdflib.namespace.DCTERMS.source))
    assert sources == [BASE + "id/article", BASE + "id/article#p2"]
    assert str(g.value(statement, rdflib.RDFS.comment)) == "a\\nb"  # a backslash survives both ways


def test_dates_are_typed_qualifiers_that_rdflib_reads_back():
    import datetime

    pages = {"kb/y.md": page("Y", extra="attributes:\n  released: {value: '2016-10', source: article#p1}\n"
                                        "  retired: {value: '2020-01-31', source: article#p2}\n",
                             relations="- {type: requires, target: acme, since: '2017', source: article#p3}")}
    result = pipeline.run({**base_pages(), **pages}.items(), SCHEMA, "schema.yml")
    doc = export.graph_document(result.G, result.schema, default_url)
    atlas = rdflib.Namespace(BASE + "schema/")
    for data, fmt in ((export.to_turtle(doc, result.schema, BASE), "turtle"),
                      (export.to_jsonld(doc, result.schema, BASE), "json-ld")):
        g = rdflib.Graph().parse(data=data, format=fmt)
        y = rdflib.URIRef(BASE + "id/y")
        start, end = g.value(y, atlas.start), g.value(y, atlas.end)
        assert start.datatype == rdflib.XSD.gYearMonth and str(start) == "2016-10"
        assert end.datatype == rdflib.XSD.date and end.toPython() == datetime.date(2020, 1, 31)
        statement = next(s for s in g.subjects(rdflib.RDF.subject, y))
        since = g.value(statement, atlas.since)
        assert since.datatype == rdflib.XSD.gYear and str(since) == "2017"
        assert g.value(statement, atlas.until) is None


# That the exports are the same in any process and any order of pages is tested with the other exports,
# in test_export.py.
