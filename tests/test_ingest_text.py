"""Ingest building blocks on small made-up German snippets (tests/fixtures/ingest/README.md):
quantities, dates, slugs, sentences and boilerplate. Expectations are written by hand from the text."""

from __future__ import annotations

import pytest

from nrwkg.ingest.dates import find_dates, is_boilerplate
from nrwkg.ingest.quantities import find_quantities
from nrwkg.ingest.sentences import sentences
from nrwkg.ingest.text import slugify


def _one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


@pytest.mark.parametrize("text, value, lo, hi, bound, unit, currency", [
    ("Das Land gibt 1.234,5 Mio. Euro.", 1_234_500_000, None, None, "exact", None, "EUR"),
    ("mit bis zu 700 Mio. Euro Landesmitteln", 700_000_000, None, 700_000_000, "upper", None, "EUR"),
    ("mehr als 2,3 Milliarden Euro", 2_300_000_000, 2_300_000_000, None, "lower", None, "EUR"),
    ("über 62.000 Beschäftigte", 62_000, 62_000, None, "lower", "Beschäftigte", None),
    ("rund 10.000 Industriebetriebe", 10_000, None, None, "approximate", "Industriebetriebe", None),
    ("knapp 14 Prozent", 14, None, 14, "upper", "Prozent", None),  # just under 14
    ("eine Senkung um 9 bis 9,5 Prozent", None, 9, 9.5, "range", "Prozent", None),
    ("eine Leistung von 3 GW", 3, None, None, "exact", "GW", None),
    ("auf 90 Hektar Fläche", 90, None, None, "exact", "Hektar", None),
    ("um fünf Prozentpunkte", 5, None, None, "exact", "Prozentpunkte", None),
    ("ein Preis von 6 Cent pro Kilowattstunde", 0.06, None, None, "exact", "Euro pro Kilowattstunde", "EUR"),
    ("ein dreistelliger Millionenbetrag", None, 100_000_000, 999_999_999, "range", None, "EUR"),
    ("mehr als ein Viertel der Wertschöpfung", 25, 25, None, "lower", "Prozent", None),
    ("3 Tsd. Tonnen Stahl", 3000, None, None, "exact", "Tonnen", None),
    ("Es entstehen 3.000 neue Arbeitsplätze.", 3000, None, None, "exact", "Arbeitsplätze", None),
    ("mit bis zu € 1,5 Mrd. gefördert", 1_500_000_000, None, 1_500_000_000, "upper", None, "EUR"),
])
def test_quantities_in_german_notation(text, value, lo, hi, bound, unit, currency):
    q = _one(text)
    assert (q.value, q.min, q.max, q.bound, q.unit, q.currency) == (value, lo, hi, bound, unit, currency)
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text, period", [
    ("Das Land stellt ab 2025 jährlich 250 Millionen Euro bereit.", "ab 2025"),
    ("Es gibt 250 Mrd. Euro jährlich.", "jährlich"),
    ("ein Volumen von 40 Mio. Euro bis 2027", "bis 2027"),
    ("mit bis zu 250 Mio. Euro, verteilt über 5 Jahre.", "über 5 Jahre"),
])
def test_quantity_period(text, period):
    assert _one(text).period == period


@pytest.mark.parametrize("text, change", [
    ("Im Mai hat sich die Produktion um 3,1 Prozent im Vergleich zum Vorjahr verringert.", "decrease"),
    ("Mit dem Umbau senken wir die Emissionen um 12 bis 14 Prozent.", "decrease"),
    ("Der Absatz ging im Vorjahr um 7 Prozent zurück.", "decrease"),
    ("Die Exporte sinken um 5 Prozent.", "decrease"),
    ("Der Umsatz lag 20 Prozent unter dem Wert von 2019.", "decrease"),
    ("Es gab einen Rückgang von 2,5 Prozent.", "decrease"),
    ("Der Beispielkonzern baut 500 Stellen ab.", "decrease"),
    ("Bis 2030 fallen 2.000 Arbeitsplätze weg.", "decrease"),
    ("Die Mittel werden um 3 Mio. Euro gekürzt.", "decrease"),
    ("Die Landesregierung senkt, wie angekündigt, die Abgabe um 5 Prozent.", "decrease"),
    ("Der Index steht bei minus 3 Prozent.", "decrease"),
    ("Die Exporte stiegen um 7 Prozent.", "increase"),
    ("Der Umsatz sank, die Gewinne stiegen um 4 Prozent.", "increase"),  # the verb of its own part
    ("Der Verbrauch lag 6 Prozent über dem Vorjahr.", "increase"),
    ("Es entstehen 300 neue Arbeitsplätze.", "increase"),
    ("Ein Plus von 1,5 Prozent wird erwartet.", "increase"),
    # bad cases: a level, a change without a direction, no change at all
    ("Die Abgabe wird auf 0,5 ct/kWh gesenkt.", None),
    ("Der Anteil hat sich um 5 Prozent verändert.", None),
    ("Am Standort arbeiten rund 1.200 Beschäftigte.", None),
    ("Unternehmen erhalten 30 Mio. Euro.", None),
    ("Das Land gibt 30 Mio. Euro, verteilt über 5 Jahre.", None),
    ("Die Kosten von 5 Mio. Euro fallen an.", None),
    ("Das ist auf 40 Prozent höhere Preise zurückzuführen.", None),
])
def test_a_stated_change_has_its_direction_and_keeps_the_written_size(text, change):
    q = find_quantities(text)[0]
    assert q.change == change
    assert (q.value is None or q.value > 0) == ("minus" not in text)  # the size as written


def test_years_list_numbers_and_page_numbers_are_no_quantities():
    text = "1. Im Jahr 2023 stieg der Umsatz.\nSeite 3\nBis 2030 sollen es 40 Prozent sein."
    assert [q.text for q in find_quantities(text)] == ["40 Prozent"]


@pytest.mark.parametrize("text, expected", [
    ("Düsseldorf, den 20. Januar 2023", [("2023-01-20", "dateline")]),
    ("Düsseldorf, im Mai 2025", [("2025-05", "dateline")]),
    ("Das Gesetz gilt seit dem 01.02.2021 in voller Form.", [("2021-02-01", "event")]),
    ("Wir wollen bis spätestens 2045 klimaneutral sein.", [("2045", "deadline")]),
    ("Bis 2030 soll der Kohleausstieg erfolgen.", [("2030", "deadline")]),
    ("In den Jahren von 2025 bis 2028 gilt die Regel.", [("2025", "start"), ("2028", "end")]),
    ("Seit 2020 hat die Pandemie die Lieferketten gestört.", [("2020", "since")]),
])
def test_dates_and_their_role(text, expected):
    assert [(d.value, d.role) for d in find_dates(text)] == expected


def test_heute_is_the_dateline_day_and_boilerplate_dates_are_never_proposed():
    text = ("Köln, 3. Juni 2024\n\nHeute unterzeichnen die Partner.\n\n"
            "Stand: 12.03.2024\nAcademic year 2023/24\nCopied!\n")
    found = [(d.text, d.value, d.role) for d in find_dates(text)]
    assert found == [("3. Juni 2024", "2024-06-03", "dateline"), ("Heute", "2024-06-03", "event")]


@pytest.mark.parametrize("line", ["Copied!", "Seite 2 von 5", "Academic year 2023/24", "  **Teilen**  ", "12",
                                  "© MWIKE"])
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", ["Die Landesregierung fördert das Projekt.", "Düsseldorf, 30. November 2021"])
def test_ordinary_lines_are_no_boilerplate(line):
    assert not is_boilerplate(line)


@pytest.mark.parametrize("label, slug", [
    ("Mülheim an der Ruhr", "muelheim-an-der-ruhr"),
    ("Straße", "strasse"),
    ("Tomáš Dvořák", "tomas-dvorak"),
    ("Renée Müller-Lüdenscheidt", "renee-mueller-luedenscheidt"),
    ("Łukasz Øster", "lukasz-oster"),
    ("OTTO FUCHS KG", "otto-fuchs-kg"),
])
def test_slugs_follow_the_readme_rule_for_every_latin_diacritic(label, slug):
    assert slugify(label) == slug


def test_a_repeated_paragraph_is_marked_once():
    para = "Die IHK NRW fordert schnellere Genehmigungsverfahren für Industrieanlagen."
    found = sentences(f"{para}\n\nEin anderer Satz steht dazwischen.\n\n{para}\n")
    repeats = [s for s in found if s.repeat_of is not None]
    assert len(found) == 3 and len(repeats) == 1 and repeats[0].repeat_of == 0
