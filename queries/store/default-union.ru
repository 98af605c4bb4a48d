#+ summary: Der Standardgraph als Menge: jedes Tripel jedes benannten Graphen genau einmal. / The default graph as a set: every triple of every named graph exactly once.
#+ tags: store
INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }
