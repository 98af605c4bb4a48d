"""Query: the SPARQL query library and the engines that run it.

Data flow::

    queries/*.rq ──► library (LibraryQuery: header, parameters) ──► index (nrwkg query --list, README)
    query text   ──► sparql  (canonical text: escapes expanded; token-level reading: form, dataset
                              clauses, SERVICE, where to bind values)
                 ──► parsed  (rdflib's parse tree, checked before rdflib evaluates it)
                 ──► engines (pyoxigraph store, rdflib, a remote SPARQL endpoint) ──► results (Result)
                 ──► command (`nrwkg query`: arguments, output formats)

Parameters are bound through each engine's API, never formatted into query text.
"""
