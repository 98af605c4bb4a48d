"""`nrwkg ingest`, `review`, `accept`, `check --document` on the made-up texts of
tests/fixtures/ingest/ (see its README), against the project's registry. Expectations are written
by hand from the fixture texts. Nothing here writes to the real graph/: writing tests use a copy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nrwkg.ingest.drafts import analyse
from nrwkg.ingest.knowledge import load_knowledge
from tests.conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PM = FIXTURES / "pressemitteilung.txt"


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(REPO)


@pytest.fixture(scope="module")
def pm(knowledge):
    return analyse(PM.read_text(encoding="utf-8"), "document:pm-beispielstahl", knowledge)


def _mentions(draft, surface):
    return [m for m in draft.mentions if " ".join(m.text.split()) == surface]


def test_document_date_from_the_dateline(pm):
    assert (pm.date, pm.date_status) == ("2024-03-12", "stated")
    assert [(d.value, d.role) for d in pm.dates] == [
        ("2024-03-12", "dateline"), ("2030", "deadline"), ("2045", "deadline")]  # not "Academic year 2023/24"


def test_a_text_without_dateline_has_an_unknown_date(knowledge):
    draft = analyse((FIXTURES / "ohne-datum.txt").read_text(encoding="utf-8"), "document:x", knowledge)
    assert (draft.date, draft.date_status) == (None, "unknown")


def test_known_names_are_linked_with_inflection_and_regional_variants(pm):
    assert {m.entity for m in _mentions(pm, "IHK NRW")} == {"organization:ihk-nrw"}
    assert {m.entity for m in _mentions(pm, "Landesregierung")} == {"organization:landesregierung-nrw"}
    assert {m.entity for m in _mentions(pm, "Duisburg")} == {"place:duisburg"}
    inflected = _mentions(pm, "Nordrhein-Westfalen")  # in "des Landes Nordrhein-Westfalen"
    assert inflected and inflected[0].entity == "place:nordrhein-westfalen"


def test_a_sub_unit_is_not_collapsed_into_its_parent(pm):
    # "IG BCE Nordrhein" is the registry's "IGBCE Nordrhein" written apart, not IG BCE itself
    unit = _mentions(pm, "IG BCE Nordrhein")
    assert [m.entity for m in unit] == ["organization:ig-bce-nordrhein"]
    assert not _mentions(pm, "IG BCE")


def test_a_misspelling_is_linked_and_proposed_as_an_alias(pm):
    m = _mentions(pm, "Westdeutsche Handwerkskammertg")[0]
    assert (m.entity, m.how, m.alias_proposal) == ("organization:westdeutscher-handwerkskammertag", "fuzzy", True)
    aliases = [s for s in pm.statements if s["kind"] == "alias" and "Handwerkskammertg" in s["turtle"]]
    assert len(aliases) == 1  # the repeated paragraph gives it once


def test_a_predecessor_is_never_linked_to_its_successor(knowledge):
    from nrwkg.ingest.aliases import AliasIndex
    from nrwkg.ingest.linking import link

    text = "Das MWIDE hat das Programm 2021 gestartet; heute führt es das MWIKE fort."
    found = {m.text: m.entity for m in link(text, knowledge.entities, AliasIndex.build(knowledge.entities))}
    assert found["MWIDE"] == "organization:mwide" and found["MWIKE"] == "organization:mwike"
    # one letter off, but a predecessor/successor pair: never linked by similarity
    found = link("Das MWIDX meldet Zahlen.", knowledge.entities, AliasIndex.build(knowledge.entities))
    assert not [m for m in found if m.entity in ("organization:mwide", "organization:mwike")]


def test_new_entities_are_proposed_with_slug_and_type(pm):
    proposed = {e["id"]: e for e in pm.registry}
    assert proposed["organization:beispielstahl-gmbh"]["type"] == "nrw:Company"
    assert proposed["organization:musterwerk-ag"]["type"] == "nrw:Company"
    assert proposed["person:katrin-beispiel"]["label"] == "Dr. Katrin Beispiel"
    assert proposed["person:jonas-muster"]["file"] == "persons.yaml"
    assert "person:musterwerk-ag" not in proposed


def test_posts_from_role_and_organisation(pm):
    posts = {p["person"]: p for p in pm.posts}
    assert posts["person:jonas-muster"]["org"] == "organization:musterwerk-ag"
    assert posts["person:jonas-muster"]["role"] == "Vorstandsvorsitzender"


def test_quantities_of_the_press_release(pm):
    got = {q.text: (q.value, q.min, q.max, q.bound, q.unit, q.currency, q.period) for q in pm.quantities}
    assert got == {
        "bis zu 250 Mio. Euro": (250_000_000, None, 250_000_000, "upper", None, "EUR", "über 5 Jahre"),
        "rund 1.200 Beschäftigte": (1200, None, None, "approximate", "Beschäftigte", None, None),
        "9 bis 9,5 Prozent": (None, 9, 9.5, "range", "Prozent", None, None),
        "mehr als 40 Prozent": (40, 40, None, "lower", "Prozent", None, None),
        "3 Mio. Euro": (3_000_000, None, None, "exact", None, "EUR", None),
    }


def test_a_stated_decline_is_drafted_with_its_direction(pm):
    [cut] = [q for q in pm.quantities if q.text == "9 bis 9,5 Prozent"]  # "senken die Emissionen um …"
    assert (cut.change, cut.min, cut.max) == ("decrease", 9, 9.5)
    assert {q.change for q in pm.quantities if q is not cut} == {None}
    [drafted] = [s for s in pm.statements if s["kind"] == "quantity" and "9 bis 9,5 Prozent" in s["turtle"]]
    assert 'nrw:metric "Rückgang: ' in drafted["turtle"] and "nrw:minValue 9 ;" in drafted["turtle"]


def test_stances_with_modality_holder_and_addressee(pm):
    by_cue = {(s.modality, s.holder, s.addressee) for s in pm.stances}
    assert ("demands", "organization:ihk-nrw", "organization:landesregierung-nrw") in by_cue
    assert ("funds", "organization:landesregierung-nrw", None) in by_cue
    assert ("plans", "organization:beispielstahl-gmbh", None) in by_cue
    assert sum(1 for s in pm.stances if s.modality == "demands") == 1  # the repeated paragraph: once


def test_a_forecast_is_not_a_stance(knowledge):
    draft = analyse((FIXTURES / "ohne-datum.txt").read_text(encoding="utf-8"), "document:x", knowledge)
    assert [s.modality for s in draft.stances] == ["demands", "plans"]  # "… dass das Unternehmen … abbauen will"
    assert all("voraussichtlich" not in s.text for s in draft.stances)


def test_a_quotation_has_its_speaker_and_post(pm):
    [q] = pm.quotations
    assert q.speaker == "person:katrin-beispiel" and q.text.startswith("Mit dem Umbau sichern wir")


def test_every_drafted_quote_is_found_where_the_draft_says(pm):
    from nrwkg.compile.quotes import NormalisedText

    matcher = NormalisedText(pm.text)
    for st in pm.statements:
        m = matcher.find(st["quote"], st.get("occurrence", 1))
        assert m is not None and (m.start, m.end) == (st["start"], st["end"]), st["id"]
        assert st["review"] == "todo" and 0 < st["confidence"] <= 1


def _run(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "nrwkg", *args], capture_output=True, text=True, cwd=cwd)


def test_dry_run_json_prints_the_object_and_writes_nothing():
    before = sorted(p.name for p in (REPO / "graph").rglob("*"))
    result = _run("ingest", str(PM), "--id", "document:pm-beispielstahl", "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["document"] == {"id": "document:pm-beispielstahl", "date": "2024-03-12", "date_status": "stated"}
    text = PM.read_text(encoding="utf-8")
    for key, fields in (("mentions", {"text", "start", "end", "entity", "score", "candidates", "proposed"}),
                        ("quantities", {"text", "start", "end", "value", "min", "max", "bound", "unit", "currency"}),
                        ("dates", {"text", "start", "end", "value", "role"}),
                        ("statements", {"id", "quote", "turtle", "confidence"})):
        assert data[key] and all(fields <= set(item) for item in data[key]), key
    for item in data["mentions"] + data["quantities"] + data["dates"]:
        assert text[item["start"]:item["end"]] == item["text"]
    assert sorted(p.name for p in (REPO / "graph").rglob("*")) == before


def test_bad_input_gets_one_clear_line(tmp_path):
    result = _run("ingest", str(tmp_path / "missing.txt"), "--id", "document:x", "--dry-run")
    assert result.returncode == 1 and "no such file" in result.stderr and "Traceback" not in result.stderr
    result = _run("ingest", str(PM), "--id", "Document:Bad Slug", "--dry-run")
    assert result.returncode == 1 and "invalid document id" in result.stderr
    stored = REPO / "graph" / "corpus" / "004_5b5d792fa9a11b03.txt"
    result = _run("ingest", str(stored), "--id", "document:again", "--dry-run")
    assert result.returncode == 1 and "already in the corpus as document:aluminiumbuendnis-nrw" in result.stderr


def test_ingest_review_accept_then_the_build_passes(data_root, tmp_path):
    from nrwkg.build import build
    from nrwkg.ingest.accept import accept
    from nrwkg.ingest.command import ingest
    from nrwkg.ingest.review import write_review
    from nrwkg.ingest.store import pending_drafts

    draft = ingest(PM, "document:pm-beispielstahl", {"type": "doctype:press-release"}, root=data_root)
    graph = data_root / "graph"
    entry = yaml.safe_load((graph / "corpus" / "documents.yaml").read_text(encoding="utf-8"))[-1]
    stored = graph / "corpus" / entry["file"]
    assert stored.read_bytes() == PM.read_bytes() and entry["date"] == "2024-03-12"
    assert [p.name for p, _ in pending_drafts(graph)] == ["pm-beispielstahl.yaml"]
    page = write_review(data_root, "pm-beispielstahl", tmp_path / "review.html").read_text(encoding="utf-8")
    assert '<mark class="quantity"' in page and "organization:ihk-nrw" in page and "<script" not in page
    assert "http://" not in page.split("<body>")[1] and "https://" not in page.split("<body>")[1]
    first = draft.statements[0]["id"]
    accept(data_root, "pm-beispielstahl", [first])
    accept(data_root, "pm-beispielstahl", None)
    assert pending_drafts(graph) == []
    compiled = build(tmp_path / "build", root=data_root, reasoner=False, artefacts=[])
    assert any(d.slug == "pm-beispielstahl" for d in compiled.documents)
    persons = yaml.safe_load((graph / "registry" / "persons.yaml").read_text(encoding="utf-8"))
    assert "person:jonas-muster" in {p["id"] for p in persons}


def test_check_document_alone(data_root):
    from nrwkg.ingest.check import check_document

    assert check_document(data_root, "aluminiumbuendnis-nrw").startswith("ok: document:aluminiumbuendnis-nrw")


def test_accept_names_unknown_ids(data_root):
    from nrwkg.errors import NrwkgError
    from nrwkg.ingest.accept import accept
    from nrwkg.ingest.command import ingest

    ingest(PM, "document:pm-beispielstahl", {"type": "doctype:press-release"}, root=data_root)
    with pytest.raises(NrwkgError, match="no statement no-such-id"):
        accept(data_root, "pm-beispielstahl", ["no-such-id"])


def test_accept_refuses_an_organisation_without_a_kind_until_a_person_sets_one(data_root, tmp_path):
    from nrwkg.errors import NrwkgError
    from nrwkg.ingest.accept import accept
    from nrwkg.ingest.command import ingest
    from nrwkg.ingest.store import draft_path

    text = tmp_path / "verein.txt"  # made up: the name says no kind of organisation
    text.write_text("Düsseldorf, 4. Mai 2024\n\nDer Förderverein Musterstadt e. V. fordert von der "
                    "Landesregierung mehr Geld für die Ausbildung.\n", encoding="utf-8")
    ingest(text, "document:verein", {"type": "doctype:press-release"}, root=data_root)
    graph = data_root / "graph"
    registry = (graph / "registry" / "organizations.yaml").read_text(encoding="utf-8")
    with pytest.raises(NrwkgError, match=r"organization:foerderverein-musterstadt only proposed as nrw:Organization"):
        accept(data_root, "verein", None)
    assert (graph / "registry" / "organizations.yaml").read_text(encoding="utf-8") == registry
    assert not list((graph / "statements").glob("*_verein.yaml"))
    path = draft_path(graph, "verein")
    path.write_text(path.read_text(encoding="utf-8").replace("type: nrw:Organization", "type: nrw:BusinessAssociation"),
                    encoding="utf-8")
    accept(data_root, "verein", None)
    assert "organization:foerderverein-musterstadt" in (graph / "registry" / "organizations.yaml").read_text(
        encoding="utf-8")


def test_a_malformed_date_in_documents_yaml_names_file_and_line(data_root):
    from nrwkg.compile.dataset import compile_dataset
    from nrwkg.errors import InputError

    meta = data_root / "graph" / "corpus" / "documents.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("  date: unknown\n  author: unknown", "  date: 12.03.2024\n  author: unknown", 1),
                    encoding="utf-8")
    with pytest.raises(InputError) as exc:
        compile_dataset(data_root)
    assert exc.value.path == meta and exc.value.line and "YYYY[-MM[-DD]]" in str(exc.value)


def test_party_statement_dateline_addressee_and_short_references(knowledge):
    draft = analyse((FIXTURES / "fraktion.txt").read_text(encoding="utf-8"), "document:x", knowledge)
    assert (draft.date, draft.date_status) == ("2025-05-05", "stated")  # "Düsseldorf, 5. Mai 2025 – Die …"
    stances = [(s.modality, s.holder, s.addressee) for s in draft.stances]
    assert stances == [
        ("demands", "organization:spd-landtagsfraktion-nrw", "organization:landesregierung-nrw"),
        ("proposes", "organization:spd-landtagsfraktion-nrw", None),  # "Die Fraktion schlägt vor"
        ("supports", "person:erika-beispiel", None),
    ]  # "rechnet mit einer Erholung": a forecast, no stance
    assert {"id": "organization:gruene", "type": "nrw:Party"}.items() <= next(
        e for e in draft.registry if e["id"] == "organization:gruene").items()
    assert [(d.value, d.role) for d in draft.dates] == [("2025-05-05", "dateline"), ("2027", "start")]


def test_list_items_take_the_modality_of_their_introduction(knowledge):
    text = ("Unsere Forderungen im Überblick:\n\n- Ein Stahlgipfel noch im Sommer.\n"
            "- Ein Transformationsfonds für die Industrie.\n\nInsbesondere erwarten wir:\n\n"
            "- Weniger Bürokratie.\n\nDas Wetter war schön.\n")
    draft = analyse(text, "document:x", knowledge)
    assert [(s.text.strip("- \n"), s.modality) for s in draft.stances] == [
        ("Ein Stahlgipfel noch im Sommer.", "demands"),
        ("Ein Transformationsfonds für die Industrie.", "demands"),
        ("Insbesondere erwarten wir:", "expects"),
        ("Weniger Bürokratie.", "expects"),
    ]


def test_a_shared_short_name_is_resolved_from_context_or_left_for_review():
    from nrwkg.ingest.aliases import AliasIndex
    from nrwkg.ingest.knowledge import Entity
    from nrwkg.ingest.linking import link

    # made-up registry: two organisations that a text may both call "MV"
    entities = {
        "organization:musterverband": Entity("organization:musterverband", "nrw:BusinessAssociation",
                                             "Musterverband", "organization", aliases={"Musterverband": "label",
                                                                                       "MV": "x.yaml"}),
        "organization:musterverein": Entity("organization:musterverein", "nrw:Organization", "Musterverein",
                                            "organization", aliases={"Musterverein": "label", "MV": "y.yaml"}),
    }
    ambiguous = [m for m in link("Der MV fordert mehr Geld.", entities, AliasIndex.build(entities)) if m.text == "MV"]
    assert ambiguous[0].entity is None
    assert {c for c, _ in ambiguous[0].candidates} == {"organization:musterverband", "organization:musterverein"}
    text = "Der Musterverein tagt. Der MV fordert mehr Geld."
    resolved = [m for m in link(text, entities, AliasIndex.build(entities)) if m.text == "MV"]
    assert resolved[0].entity == "organization:musterverein"


def test_places_are_proposed_from_the_gazetteer_and_place_names(knowledge):
    draft = analyse("Das Werk in Bottrop und das Lager in Musterhausen bleiben.", "document:x", knowledge)
    proposed = {e["id"]: e["type"] for e in draft.registry}
    assert proposed == {"place:bottrop": "nrw:City", "place:musterhausen": "nrw:City"}


def test_a_known_post_is_reused(knowledge):
    # graph/corpus/002_5c0d0ef1a373a4d5.txt, signature block of the Letter of Intent
    text = "-----  \n**Ralf Stoffels**  \nPräsident IHK NRW\n"
    draft = analyse(text, "document:x", knowledge)
    assert [(p["id"], p["reused"]) for p in draft.posts] == [("post:ralf-stoffels-praesident-ihk-nrw", True)]


def test_metadata_is_recorded_as_given_and_unknown_otherwise():
    from nrwkg.ingest.register import metadata_entry

    entry = metadata_entry("document:x", "005_0123456789abcdef.txt", b"Text", {
        "type": "doctype:press-release", "title": "Titel", "source": "https://example.org/x",
        "retrieved": "2025-06-02", "excerpt": True, "date": None})
    assert entry["date"] == "unknown" and entry["excerpt"] is True and entry["retrieved"] == "2025-06-02"
    assert entry["sha256"] == __import__("hashlib").sha256(b"Text").hexdigest()
    assert "publisher" not in entry and "author" not in entry


def test_the_stored_file_follows_the_naming_rule(data_root):
    import hashlib
    import re

    from nrwkg.ingest.command import ingest

    ingest(PM, "document:pm-beispielstahl", {"type": "doctype:press-release"}, root=data_root)
    entry = yaml.safe_load((data_root / "graph/corpus/documents.yaml").read_text(encoding="utf-8"))[-1]
    assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", entry["file"])
    assert entry["file"][4:20] == hashlib.sha256(PM.read_bytes()).hexdigest()[:16] == entry["sha256"][:16]


def test_windows_line_ends_keep_offsets_into_the_text_as_given(knowledge):
    text = PM.read_text(encoding="utf-8").replace("\n", "\r\n")
    draft = analyse(text, "document:pm-beispielstahl", knowledge)
    assert (draft.date, draft.date_status) == ("2024-03-12", "stated")
    for item in [*draft.mentions, *draft.quantities, *draft.dates]:
        assert text[item.start:item.end] == item.text
    assert len(draft.quantities) == 5 and {e["id"] for e in draft.registry} >= {"person:jonas-muster"}


def test_empty_and_boilerplate_only_texts_give_empty_drafts(knowledge):
    for text in ("", "Copied!\nSeite 1 von 1\nAcademic year 2023/24\n"):
        draft = analyse(text, "document:x", knowledge)
        assert (draft.mentions, draft.quantities, draft.dates, draft.statements) == ([], [], [], [])
        assert draft.date_status == "unknown"


@pytest.mark.parametrize("text, proposed", [
    ("Die Musterstahl a.s. liefert Rohre.", ("organization:musterstahl-a-s", "nrw:Company")),
    ("Die Firma Škoda Beispiel a.s. liefert Züge.", ("organization:skoda-beispiel-a-s", "nrw:Company")),
    ("Die Probe SE baut ein Werk.", ("organization:probe-se", "nrw:Company")),
    ("Der Förderverein Musterstadt e. V. lädt ein.", ("organization:foerderverein-musterstadt", "nrw:Organization")),
    ("Das Ministerium für Heimat, Kommunales und Bau des Landes Nordrhein-Westfalen prüft.",
     ("organization:ministerium-fuer-heimat-kommunales-und-bau-des-landes-nordrhein-westfalen", "nrw:Ministry")),
    ("Die IHK Musterstadt begrüßt das.", ("organization:ihk-musterstadt", "nrw:Chamber")),
    ("Der Verband der Beispielindustrie fordert mehr.", ("organization:verband-der-beispielindustrie",
                                                         "nrw:BusinessAssociation")),
    ("Die FDP-Fraktion stimmt zu.", ("organization:fdp-fraktion", "nrw:ParliamentaryGroup")),
    ("Die Landesstelle Musterland des Beispielverbands berät.",
     ("organization:landesstelle-musterland-des-beispielverbands", "nrw:Organization")),
    ("Ministerin Štěpánka Nováková sagte das.", ("person:stepanka-novakova", "nrw:Person")),
    ("Die MSVX-Staaten beraten darüber.", ("organization:msvx", "nrw:IntergovernmentalOrganization")),
    # names and legal forms in unusual case, a legal form at the end of a sentence
    ("Die beispieltech GmbH baut ein Werk.", ("organization:beispieltech-gmbh", "nrw:Company")),
    ("Wir danken der probestahl Beispiel Europe AG.", ("organization:probestahl-beispiel-europe-ag", "nrw:Company")),
    ("Die MUSTERHAFT GMBH baut ein Werk.", ("organization:musterhaft-gmbh", "nrw:Company")),
    ("Die Probe Gmbh baut ein Werk.", ("organization:probe-gmbh", "nrw:Company")),
    ("Die eProbe AG investiert.", ("organization:eprobe-ag", "nrw:Company")),
    ("Der Musterverein e.v. lädt ein.", ("organization:musterverein", "nrw:Organization")),
    ("Der Verband Probeindustrie e. V. fordert mehr.", ("organization:verband-probeindustrie",
                                                         "nrw:BusinessAssociation")),  # the name says its kind
    ("Die Beispiel-Chemie GmbH investiert.", ("organization:beispiel-chemie-gmbh", "nrw:Company")),
    # the words before the name are not part of it
    ("Die Landesregierung unterstützt Muster GmbH.", ("organization:muster-gmbh", "nrw:Company")),
    ("Sie sprach mit der neuen Muster GmbH.", ("organization:muster-gmbh", "nrw:Company")),
    ("Das Werk der Musterwerk AG schließt.", ("organization:musterwerk-ag", "nrw:Company")),
    ("Der Beispiel-Hersteller Muster GmbH investiert.", ("organization:muster-gmbh", "nrw:Company")),
])
def test_new_organisations_by_legal_form_and_keyword(knowledge, text, proposed):
    draft = analyse(text, "document:x", knowledge)  # made-up names
    assert [(e["id"], e["type"]) for e in draft.registry] == [proposed]


@pytest.mark.parametrize("text", [
    "Die Beispiel ag investiert.",  # "ag", "se" are no legal forms written so
    "Die Muster se investiert.",
    "Das sagte er ohne Umschweife.",
])
def test_a_short_legal_form_counts_only_as_written(knowledge, text):
    assert analyse(text, "document:x", knowledge).registry == []


def test_a_quotation_names_the_post_its_speaker_holds(knowledge):
    text = ("Jonas Muster, Vorstandsvorsitzender der Musterwerk AG, sagte: „Wir investieren in die "
            "Ausbildung junger Menschen in der Region.“")  # made up, like tests/fixtures/ingest/
    draft = analyse(text, "document:x", knowledge)
    [quotation] = [s for s in draft.statements if s["kind"] == "quotation"]
    assert "nrw:speaker person:jonas-muster" in quotation["turtle"]
    assert "nrw:speakerRole post:jonas-muster-vorstandsvorsitzender-musterwerk-ag" in quotation["turtle"]
    assert quotation["quote"] == "Wir investieren in die Ausbildung junger Menschen in der Region."
