"""Container Atlas: a typed knowledge graph from markdown pages, built into a Material for MkDocs site."""
