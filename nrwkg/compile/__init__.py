"""Compile: the curated sources become one RDF dataset with a named graph per document.

Data flow::

    graph/corpus/ (texts, documents.yaml) ──► corpus     (SourceDocument: text, sha256, metadata)
    graph/registry/*.yaml + external-ids ──► registry   (RegistryEntity: types, labels, ids)
    graph/statements/*.yaml              ──► statements (Statement: triples + verbatim quote)
                                             oxterms    (a Turtle block read by pyoxigraph, as rdflib terms)
                                             quotes     (find the quote in the text, offsets)
                                             evidence   (one oa:Annotation per statement)
                                             dataset    (compile_dataset → Compiled)

`Compiled` goes on to `nrwkg.validate` and then to `nrwkg.build`. Every reader here reports bad
input with file and line (`nrwkg.errors`); `yamlfile` keeps the line of every YAML value for that,
and `controls` refuses a control character (U+001F …) in any curated literal or source text.
"""
