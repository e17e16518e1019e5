"""The symbol vocabulary: enough words, a real picture for each, Welsh for each, a search that forgives typing,
and the routes that serve the pictures only to people who are signed in."""
import json
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter

import pytest
from flask import Flask

from helpers import FormClient
from voice_capture.symbols import library
from voice_capture.symbols.library import CATEGORIES, Symbol, get_symbol, load_vocabulary, search, svg_path
from voice_capture.symbols.routes import ONE_WEEK, bp

MUST_HAVE = {
    "feelings": ["happy", "sad", "angry", "scared", "worried", "calm", "excited", "tired", "bored", "confused",
                 "lonely", "proud", "hurt", "okay"],
    "people": ["mum", "dad", "brother", "sister", "baby", "nan", "grandad", "aunt", "uncle", "cousin", "foster_carer",
               "carer", "friend", "teacher", "teaching_assistant", "doctor", "nurse", "social_worker",
               "police_officer", "dentist", "therapist", "family", "me", "someone_else", "dog", "cat"],
    "places": ["home", "school", "hospital", "park", "shop", "car", "bus", "bedroom", "garden", "playground",
               "place_of_worship", "swimming_pool", "short_break_house"],
    "answers": ["yes", "no", "not_sure", "i_dont_know", "dont_want_to_say", "stop", "more", "finished", "good", "bad",
                "like", "dont_like", "same", "different", "a_bit", "a_lot"],
    "safety": ["safe", "not_safe", "help", "hurt_me", "hit", "shout", "secret", "go_away", "someone_touches_me",
               "scared_at_home", "bullying"],
    "time": ["morning", "afternoon", "night", "today", "tomorrow", "weekend", "birthday", "holiday"],
}


def _raw_entries() -> list[dict]:
    return json.loads(library.VOCABULARY_FILE.read_text(encoding="utf-8"))


def keys(symbols) -> list[str]:
    return [symbol.key for symbol in symbols]


# --- the vocabulary ---------------------------------------------------------------------------

def test_there_are_enough_concepts_for_a_real_conversation():
    assert len(load_vocabulary()) >= 250


def test_keys_are_unique_and_well_formed():
    raw_keys = [entry["key"] for entry in _raw_entries()]
    assert [key for key, count in Counter(raw_keys).items() if count > 1] == []
    assert all(re.fullmatch(r"[a-z0-9_]+", key) for key in raw_keys)


def test_every_category_is_used_and_no_other():
    used = Counter(symbol.category for symbol in load_vocabulary().values())
    assert set(used) == set(CATEGORIES)
    assert all(len(library.symbols_in(category)) == used[category] for category in CATEGORIES)


def test_every_picture_exists_and_is_an_svg():
    for symbol in load_vocabulary().values():
        path = svg_path(symbol)
        assert path.is_file(), f"{symbol.key}: no OpenMoji file {path.name}"
        assert ElementTree.parse(path).getroot().tag == "{http://www.w3.org/2000/svg}svg", symbol.key


def test_every_concept_has_short_english_and_welsh_words():
    for symbol in load_vocabulary().values():
        for language in ("en", "cy"):
            label = symbol.labels.get(language, "")
            assert label.strip(), f"{symbol.key} has no {language} label"
            assert len(label.split()) <= 3, f"{symbol.key}: {label!r} is too long for a button"
            assert all(isinstance(word, str) and word.strip() for word in symbol.keywords.get(language, []))


@pytest.mark.parametrize("category", sorted(MUST_HAVE))
def test_the_words_children_need_most_are_there(category):
    missing = [key for key in MUST_HAVE[category] if get_symbol(key) is None]
    assert missing == []


def test_welsh_uses_the_words_welsh_medium_schools_use():
    assert get_symbol("mum").label("cy") == "mam"
    assert get_symbol("nan").label("cy") == "nain" and "mam-gu" in get_symbol("nan").keywords["cy"]
    assert get_symbol("teacher").label("cy") == "athro"
    assert get_symbol("social_worker").label("cy") == "gweithiwr cymdeithasol"


def test_a_label_falls_back_to_english():
    symbol = get_symbol("mum")
    assert symbol.label("cy") == "mam"
    assert symbol.label("fr") == "mum"
    assert symbol.label() == "mum"


def test_unknown_keys_are_none_and_symbols_can_be_hashed():
    assert get_symbol("no_such_thing") is None
    assert len({get_symbol("mum"), get_symbol("mum"), get_symbol("dad")}) == 2


def test_a_repeated_key_is_refused(tmp_path, monkeypatch):
    entry = _raw_entries()[0]
    broken = tmp_path / "vocabulary.json"
    broken.write_text(json.dumps([entry, entry]), encoding="utf-8")
    monkeypatch.setattr(library, "VOCABULARY_FILE", broken)
    load_vocabulary.cache_clear()
    try:
        with pytest.raises(ValueError, match="twice"):
            load_vocabulary()
    finally:
        load_vocabulary.cache_clear()


# --- search -----------------------------------------------------------------------------------

@pytest.mark.parametrize("query, language", [("mum", "en"), ("mother", "en"), ("MUM", "en"), ("mam", "cy"),
                                             ("mum", "cy"), ("mami", "cy")])
def test_search_finds_mum_by_any_of_her_names(query, language):
    assert keys(search(query, language))[0] == "mum"


def test_search_ignores_accents_both_ways():
    assert "water" in keys(search("dwr", "cy"))
    assert "toilet" in keys(search("ty bach", "cy"))
    assert "football" in keys(search("pel-droed", "cy"))
    assert "not_sure" in keys(search("ddim yn siwr", "cy"))
    assert "home" in keys(search("tŷ", "cy"))
    assert "train" in keys(search("TRÊN", "cy"))


def test_search_ignores_apostrophes():
    assert "dont_like" in keys(search("dont like", "en"))
    assert "i_dont_know" in keys(search("I don't know", "en"))


def test_search_looks_in_the_language_asked_for_and_in_english():
    assert "mum" in keys(search("mother", "cy"))
    assert "mum" in keys(search("mam", "en"))  # English-speaking families in Wales say "mam" too
    assert "mum" not in keys(search("mami", "en"))
    assert "grandad" in keys(search("tad-cu", "cy"))
    assert "grandad" not in keys(search("tad-cu", "en"))


def test_labels_that_start_with_the_words_come_first():
    assert keys(search("sad", "en"))[:2] == ["sad", "very_sad"]
    found = keys(search("ball", "en"))
    assert found[0] == "balloon"  # the only label that starts with "ball"
    assert found.index("football") < found.index("basketball")  # a keyword "ball" beats "ball" inside a word
    for query, language in (("sa", "en"), ("ty", "cy"), ("d", "en")):
        results = search(query, language)
        starts = [library._fold(symbol.label(language)).startswith(query)
                  or library._fold(symbol.label("en")).startswith(query) for symbol in results]
        assert starts == sorted(starts, reverse=True), query


def test_search_returns_nothing_for_an_empty_query_and_respects_the_limit():
    assert search("", "en") == []
    assert search("   ", "cy") == []
    assert search("zzzzqqq", "en") == []
    assert len(search("a", "en")) == 24
    assert len(search("a", "en", limit=5)) == 5
    assert all(isinstance(symbol, Symbol) for symbol in search("a", "cy"))


# --- routes -----------------------------------------------------------------------------------

@pytest.fixture
def symbols_app(app):
    """The app with this blueprint, whether or not the app factory registers it yet."""
    if "symbols" not in app.blueprints:
        app.register_blueprint(bp)
    return app


@pytest.fixture
def signed_in(symbols_app, make_user):
    client = FormClient(symbols_app.test_client())
    client.login(make_user())
    return client


def test_a_picture_is_served_as_svg_and_can_be_revalidated(signed_in):
    response = signed_in.get("/symbols/mum.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert ElementTree.fromstring(response.data).tag == "{http://www.w3.org/2000/svg}svg"
    assert response.data == svg_path(get_symbol("mum")).read_bytes()
    again = signed_in.get("/symbols/mum.svg", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("address", [
    "/symbols/no_such_thing.svg", "/symbols/MUM.svg", "/symbols/mum-.svg", "/symbols/../etc.svg",
    "/symbols/..%2Fetc%2Fpasswd.svg", "/symbols/%2e%2e.svg", "/symbols/1F469.svg", "/symbols/.svg",
])
def test_anything_but_a_vocabulary_key_is_not_found(signed_in, address):
    assert signed_in.get(address).status_code == 404


def test_pictures_and_search_need_a_signed_in_user(symbols_app):
    client = symbols_app.test_client()
    for address in ("/symbols/mum.svg", "/symbols/search?q=mum"):
        response = client.get(address)
        assert response.status_code == 302
        assert response.headers["Location"].split("?")[0].endswith("/login")


def test_search_returns_labels_in_the_language_asked_for_and_picture_addresses(signed_in):
    body = signed_in.get("/symbols/search?q=mam&lang=cy").get_json()
    first = body["results"][0]
    assert first["key"] == "mum" and first["label"] == "mam"
    assert re.fullmatch(r"/symbols/mum\.svg\?v=[0-9a-f]{10}", first["url"])
    assert signed_in.get(first["url"]).status_code == 200


def test_search_defaults_to_english_and_returns_at_most_24(signed_in):
    assert signed_in.get("/symbols/search?q=mother").get_json()["results"][0]["label"] == "mum"
    assert len(signed_in.get("/symbols/search?q=a").get_json()["results"]) == 24
    assert signed_in.get("/symbols/search?q=").get_json() == {"results": []}
    assert signed_in.get("/symbols/search").get_json() == {"results": []}


def test_the_route_asks_browsers_to_keep_pictures_for_a_week():
    """On its own: the app's security headers may still forbid caching for every page (see the report)."""
    bare = Flask(__name__)
    bare.register_blueprint(bp)
    response = bare.test_client().get("/symbols/happy.svg")
    assert response.status_code == 200
    assert f"max-age={ONE_WEEK}" in response.headers["Cache-Control"]
    assert ONE_WEEK == 7 * 24 * 60 * 60
