"""Validate: a compiled dataset is checked before anything is written.

Data flow::

    Compiled ──► dataset.validate ──► SHACL shapes (ontology/shapes.ttl, pySHACL)
                                  ──► reasoner     (OWL 2 consistency, HermiT's jar from owlready2)
                                  ──► checks       (queries/checks/*-violation.rq must return nothing;
                                                    run by a process of their own: apart)

A problem anywhere raises `nrwkg.errors.ValidationError` listing every finding; the build then
leaves the last good `build/` as it was.
"""
