"""Query: the SPARQL query library and the engines that run it.

Data flow::

    queries/*.rq ──► library (LibraryQuery: header, parameters) ──► index (nrwkg query --list, README)
    query text   ──► sparql  (token-level reading: form, dataset clauses, where to bind values)
                 ──► engines (pyoxigraph store, rdflib, a remote SPARQL endpoint) ──► results (Result)
                 ──► command (`nrwkg query`: arguments, output formats)

Parameters are bound through each engine's API, never formatted into query text.
"""
