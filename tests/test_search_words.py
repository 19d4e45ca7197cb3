"""The event search's German words and index, without a browser (kok_archive/core/search_words.py,
search_index.py), and the browser's copy of the words' rules (static/kok-suche-worte.js) held
to the same answers under Node.js with Sphinx's own German stemmer."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import snowballstemmer
import sphinx.search
from hypothesis import given, settings
from hypothesis import strategies as st
from kok_archive.core.search_index import CHUNK, COMPOUND_END, Entry, Index, decode, digest, pack, unpack
from kok_archive.core.search_words import file_part, keys, searchable, words
from sphinx.search._stopwords.de import GERMAN_STOPWORDS

stem = snowballstemmer.stemmer("german").stemWord  # as Sphinx's German search (SearchGerman.stem)
STATIC = Path(__file__).parent.parent / "_ext" / "kok_archive" / "static"
STEMMERS = Path(sphinx.search.__file__).parent / "non-minified-js"
GENDER_FORMS = [
    "Polizistinnen",
    "Polizist*innen",
    "Polizist:innen",
    "Polizist_innen",
    "PolizistInnen",
    "Polizist/-innen",
]


def keys_of(text: str) -> set[str]:
    return {
        k for word, gendered, _ in words(text) if searchable(word, GERMAN_STOPWORDS) for k in keys(word, gendered, stem)
    }


# -- words --------------------------------------------------------------------------------


@pytest.mark.parametrize("written", GENDER_FORMS)
def test_every_gender_form_is_one_word_whose_keys_include_the_masculine_stem(written: str) -> None:
    assert [word for word, _, _ in words(f"Schulung von {written} heute")] == [
        "schulung",
        "von",
        "polizistinnen",
        "heute",
    ]
    assert keys_of(written) == {stem("polizistinnen"), stem("polizisten")}
    assert keys_of("Polizisten") <= keys_of(written)  # „Polizisten“ finds every form


def test_a_sign_is_a_gender_sign_only_before_in_or_innen() -> None:
    assert [w for w, _, _ in words("Stand: innen und außen, Zahl 3*in")] == [
        "stand",
        "innen",
        "und",
        "außen",
        "zahl",
        "3",
        "in",
    ]
    assert [(w, g) for w, g, _ in words("Berater*in LinkedIn")] == [("beraterin", True), ("linkedin", True)]
    assert [w for w, _, _ in words("KOK-Rundbrief u.a.")] == ["kok", "rundbrief", "u", "a"]


def test_a_word_ending_in_innen_keeps_a_base_only_when_the_base_is_a_word() -> None:
    assert keys_of("gewinnen") == {stem("gewinnen")}  # "gew" is no base
    assert keys_of("beginnen") == {stem("beginnen")}
    assert keys_of("Kolleginnen") == {stem("kolleginnen"), stem("kolleg")}


def test_the_written_form_is_kept_for_suggestions() -> None:
    assert [w for _, _, w in words("Berater*innen der Fachberatungsstellen")] == [
        "Beraterinnen",
        "der",
        "Fachberatungsstellen",
    ]


def test_stop_words_numbers_and_single_letters_are_no_keys() -> None:
    assert keys_of("Der 2. Rundbrief an die BKA u. a.") == {stem("rundbrief"), "bka"}


def test_accents_of_other_languages_fold_but_umlauts_stay() -> None:
    assert [w for w, _, _ in words("Tanış Łódź Šiauliai Café Größe Übergänge")] == [
        "tanis", "lodz", "siauliai", "cafe", "größe", "übergänge",
    ]  # fmt: skip


def test_file_names_are_plain_letters_or_codes() -> None:
    assert file_part("po") == "po"
    assert file_part("ß1") == "_df1"
    assert file_part("çа") == "_e7_430"


# -- the index ----------------------------------------------------------------------------


def index_of(*titles: str, details: str = "") -> dict[str, object]:
    index = Index(stem, frozenset(GERMAN_STOPWORDS))
    index.pages = ["years/2020.html"]
    index.categories = [("politik", "Politik", "#b5473a")]
    index.organisations = [("bka", "Bundeskriminalamt (BKA)", ("Bundeskriminalamt", "BKA"))]
    for number, title in enumerate(titles):
        index.entries.append(Entry(0, f"e{number}", "1.1.2020", 2020, 1, "politik", title, details, (0,)))
    return index.files()


def postings(files: dict[str, object], key: str) -> dict[int, bool]:
    """Event number -> in the title, decoded from the v- file of ``key``."""
    shard = files[f"v-{file_part(key[:2])}"]
    assert isinstance(shard, dict)
    return decode(shard[key])


def test_keys_list_their_events_and_whether_in_the_title() -> None:
    files = index_of("Schulung von Polizist*innen", "Bericht", details="Mit Polizisten")
    assert postings(files, stem("polizisten")) == {0: True, 1: False}
    assert postings(files, stem("bundeskriminalamt")) == {0: False, 1: False}  # the organisation's names
    assert postings(files, "bka") == {0: False, 1: False}


def test_compounds_are_found_by_both_ends() -> None:
    files = index_of("Treffen der Fachberatungsstellen", "Zur Menschenhandelsrichtlinie")
    ending = files[f"h-{file_part(stem('fachberatungsstellen')[-2:])}"]
    assert isinstance(ending, dict)
    assert stem("fachberatungsstellen") in ending
    assert all(len(key) >= COMPOUND_END for name, shard in files.items() if name.startswith("h-") for key in shard)
    beginning = files[f"v-{file_part('me')}"]
    assert isinstance(beginning, dict)
    assert stem("menschenhandelsrichtlinie") in beginning


def test_typing_errors_have_the_most_frequent_written_form_per_key() -> None:
    files = index_of(
        "Arbeitsausbeutung", "Arbeitsausbeutung und Fleischindustrie", "arbeitsausbeutung", details="Arbeitsausbeutung"
    )
    assert files["f-17"] == ["Arbeitsausbeutung", "Bundeskriminalamt"]  # 5 times, 3 times (the organisation)
    meta = files["meta"]
    assert isinstance(meta, dict)
    assert 17 in meta["files"]["f"]


def test_what_a_result_shows_comes_in_chunks_in_date_order() -> None:
    files = index_of(*(f"Ereignis {n}" for n in range(CHUNK + 1)), details="x" * 500)
    assert len(files["d-0"]) == CHUNK
    assert len(files["d-1"]) == 1
    page, anchor, date, title, snippet = files["d-1"][0]
    assert (page, anchor, date, title) == (0, f"e{CHUNK}", "1.1.2020", f"Ereignis {CHUNK}")
    assert len(snippet) < 260
    assert snippet.endswith("…")


def test_the_same_events_give_the_same_files() -> None:
    assert json.dumps(index_of("A und B", "Welttag"), sort_keys=True) == json.dumps(
        index_of("A und B", "Welttag"), sort_keys=True
    )


def test_terms_kept_from_the_last_build_give_the_same_files() -> None:
    """What a build keeps for the next (pack) is what the next reads (unpack), and an index made
    with it writes the same files as one that finds every text's words itself."""
    first = Index(stem, frozenset(GERMAN_STOPWORDS))
    texts = ["Schulung von Polizist*innen", "Mit Polizisten", "Schulung beim Bundeskriminalamt (BKA)", ""]
    made = {text: first.terms(text) for text in texts}
    packed = pack(made)
    assert len(packed[0]) < sum(len(terms) for terms in made.values())  # each term once
    assert unpack(packed) == {digest(text): terms for text, terms in made.items()}

    again = Index(stem, frozenset(GERMAN_STOPWORDS), known_terms=unpack(packed))
    again._terms = lambda text: pytest.fail(f"found again: {text}")  # type: ignore[method-assign]
    assert [again.terms(text) for text in texts] == list(made.values())


# -- the browser's rules are the same ------------------------------------------------------


SAMPLES = [
    *GENDER_FORMS,
    "Polizisten",
    "Berater*in",
    "gewinnen Kolleginnen Staatsanwält*innen",
    "Menschenhandelsrichtlinie Fachberatungsstellen Bundeslagebild",
    "Straße Märchen Österreich Übergriffe Maßnahmen",
    "KOK-Rundbrief u.a. 2020 G7",
    "Tanış Łódź Ελλάδα Москва 北京 Ærø Šiauliai",
    "Mitgliederversammlungen Ausbeutung Arbeitsausbeutung",
]
PAIRS = [("arbeitsausbeutung", "arbeitsausbeutng"), ("menschenhandel", "mesnchenhandel"), ("abc", "abcd"),
         ("abc", "xbc"), ("abc", "abc"), ("abcd", "ab"), ("abcd", "badc"), ("straße", "strase")]  # fmt: skip


COMPOUNDS = [  # a compound's key, a typed word (lower case, gender sign removed), whether it was gendered: found?
    ("fachberatungsstell", "beratungsstellen", False, True),  # its end
    ("beratungsstell", "stelle", False, True),
    ("bundeslagebild", "lagebild", False, True),
    ("menschenhandelsrichtlini", "menschenhandel", False, True),  # its start
    ("menschenhandelsrichtlini", "richtlinie", False, True),
    ("fluchtlingsrat", "flüchtlinge", False, True),  # without the inflection ending, umlauts as in keys
    ("polizistenschulung", "polizistinnen", True, True),  # the base of a gender form
    ("richtlini", "richter", False, False),  # only the stems agree: richt
    ("bericht", "richter", False, False),
    ("stellungnahm", "stelle", False, False),  # stell|ung: another word
    ("gericht", "richt", False, False),  # too short a part
]


def node_answers(
    samples: list[str], pairs: list[tuple[str, str]], compounds: list[tuple[str, str, bool, bool]] = COMPOUNDS
) -> dict[str, object]:
    if not shutil.which("node"):
        pytest.skip("Node.js fehlt")
    script = "\n".join(
        [
            (STEMMERS / "base-stemmer.js").read_text(encoding="utf-8"),
            (STEMMERS / "german-stemmer.js").read_text(encoding="utf-8"),
            "const Stemmer = GermanStemmer;",
            (STATIC / "kok-suche-worte.js").read_text(encoding="utf-8"),
            "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));",
            "const stemmer = new Stemmer(); const stem = (w) => stemmer.stemWord(w);",
            "const stopwords = new Set(input.stopwords);",
            "console.log(JSON.stringify({",
            "  words: input.samples.map((t) => KOK_WORTE.words(t)),",
            "  keys: input.samples.map((t) => KOK_WORTE.words(t).filter(([w]) => KOK_WORTE.searchable(w, stopwords))",
            "    .map(([w, g]) => KOK_WORTE.keys(w, g, stem))),",
            "  files: input.samples.map((t) => KOK_WORTE.filePart(t.slice(0, 2).toLowerCase())),",
            "  edits: input.pairs.map(([a, b]) => KOK_WORTE.oneEdit(a, b)),",
            "  compounds: input.compounds.map(([key, word, g]) =>",
            "    KOK_WORTE.inCompound(key, KOK_WORTE.parts(word, g))),",
            "}));",
        ]
    )
    given = json.dumps(
        {"samples": samples, "pairs": pairs, "compounds": compounds, "stopwords": sorted(GERMAN_STOPWORDS)}
    )
    done = subprocess.run(["node", "-e", script], input=given, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def python_answers(samples: list[str]) -> dict[str, object]:
    return {
        "words": [[list(w) for w in words(t)] for t in samples],
        "keys": [[list(keys(w, g, stem)) for w, g, _ in words(t) if searchable(w, GERMAN_STOPWORDS)] for t in samples],
        "files": [file_part(t[:2].lower()) for t in samples],
    }


def test_the_browser_splits_folds_and_stems_as_the_index_does() -> None:
    answers = node_answers(SAMPLES, PAIRS)
    assert {key: answers[key] for key in ("words", "keys", "files")} == python_answers(SAMPLES)
    assert answers["edits"] == [True, True, True, True, True, False, False, True]


def test_a_typed_word_finds_the_compounds_it_begins_or_ends_but_no_word_of_the_same_stem() -> None:
    """The browser's rule alone (kok-suche-worte.js): the index holds keys, the query its words."""
    answers = node_answers([], [])
    assert answers["compounds"] == [found for *_, found in COMPOUNDS]


@settings(max_examples=1, deadline=None)  # one Node run for many generated texts
@given(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=40),
        min_size=50,
        max_size=50,
    )
)
def test_the_browser_agrees_on_any_text(texts: list[str]) -> None:
    answers = node_answers(texts, [])
    assert {key: answers[key] for key in ("words", "keys", "files")} == python_answers(texts)
