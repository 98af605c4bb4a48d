"""Ingest: a new German policy text becomes drafts for review (`nrwkg ingest`, `review`, `accept`).

Data flow::

    text ──► sentences (spaCy blank `de` + sentencizer, boilerplate dropped, repeats marked)
         ──► linking   (alias trie over registry labels and every recorded alias, inflected forms,
                        defined abbreviations, edit-distance misspellings; aliases, knowledge)
         ──► entities  (new persons, organisations, places, sub-units; posts)
         ──► quantities, dates, stances (verb cues → modality, holder, addressee), quotations
         ──► drafts    (statements in the curated format, `review: todo`, confidence; registry proposals)
         ──► store (graph/drafts/SLUG.yaml) ──► review (HTML) ──► accept (graph/statements/, registry)

Everything is rule-based and offline; the rules' data (cue verbs, legal forms, roles, units,
number words, month names, boilerplate lines, a gazetteer) are YAML files in `data/`.

Libraries: spaCy's blank German pipeline with its sentencizer splits sentences (already a
dependency; no trained model can be installed here). rapidfuzz computes the Levenshtein distance
for misspelt names (fast C implementation with a score cut-off). Not used: simplemma (its lemma
for a name is often wrong, and German names inflect by a few endings that `text.forms` strips),
text2num (it covers French and English number words, not German), dateparser (a large dependency
that guesses; here a date is either written out or not proposed), pyahocorasick (the alias trie
must match word by word with inflected forms, which a character automaton does not do),
somajo (not needed once spaCy splits sentences).
"""
