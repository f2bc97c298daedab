"""Tests for the encoding-repair engine (editor.core.encoding)."""

from __future__ import annotations

import dataclasses
import difflib
import importlib.util
import itertools
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from editor.core import encoding
from editor.core.encoding import NO_DAMAGE, Change, Repair, repair_edits, repair_text
from editor.core.encoding import simulate_damage as damage
from editor.core.repair import (
    changes,
    characters,
    charsets,
    engine,
    evidence,
    ftfy_lines,
    layers,
    memo,
    runs,
    uniform,
    zones,
)
from editor.core.repair.changes import new_change
from editor.core.text_edit import apply_edits

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "encoding"
SEED_DAMAGE = {"‚Äô": "’", "‚Äò": "‘", "‚Äî": "—", "‚Äç": "\u200d", "\uf8ffüëâ": "👉"}
FAMILIES = ("mac-roman", "windows-1252", "latin-1")
DOUBLES = ("windows-1252+windows-1252", "mac-roman+mac-roman", "latin-1+latin-1")


def _load_corpus() -> ModuleType:
    # The fixtures directory is not a package; load its generator by path.
    spec = importlib.util.spec_from_file_location("encoding_corpus", FIXTURES / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()
GENERATED = list(corpus.generated_cases())
GROUPS = sorted({(case.family, case.shape) for case in GENERATED})
CASES = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> str:
    return (FIXTURES / "seed.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_repaired() -> str:
    return (FIXTURES / "seed.repaired.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_repair(seed: str) -> Repair:
    return repair_text(seed)


def _differences(before: str, after: str) -> list[tuple[str, str]]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        (before[i1:i2], after[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


# --------------------------------------------------------------------------------------
# The seed article


def test_seed_fixture_is_the_hand_checked_repair(seed: str, seed_repaired: str) -> None:
    """Ensure the expected file differs from the seed in exactly the 48 damaged places."""
    differences = _differences(seed, seed_repaired)
    assert len(differences) == 48
    assert all(SEED_DAMAGE[before] == after for before, after in differences)


def test_seed_is_repaired_exactly(seed_repair: Repair, seed_repaired: str) -> None:
    """Ensure the seed article comes out byte for byte as the hand-checked file."""
    assert seed_repair.text == seed_repaired


def test_seed_has_48_repairs_of_mac_roman(seed_repair: Repair) -> None:
    """Ensure all 48 damaged characters are found, named and counted."""
    assert seed_repair.damaged
    assert seed_repair.count == 48
    assert len(seed_repair.changes) == 48
    assert {change.kind for change in seed_repair.changes} == {"mac-roman"}
    assert seed_repair.diagnosis == "UTF-8 read as Mac Roman, 48 characters"


def test_seed_changes_only_the_damage(seed: str, seed_repair: Repair) -> None:
    """Ensure every change replaces a known mojibake string and nothing else."""
    repaired = Counter(change.after for change in seed_repair.changes)
    assert repaired == Counter({"’": 42, "\u200d": 2, "👉": 2, "‘": 1, "—": 1})
    for change in seed_repair.changes:
        assert seed[change.offset : change.offset + change.length] == change.before
        assert SEED_DAMAGE[change.before] == change.after


def test_seed_keeps_curly_quotes(seed_repair: Repair, seed: str) -> None:
    """Ensure the 42 apostrophes stay curly and straight ones stay straight."""
    assert seed_repair.text.count("’") == 42
    assert seed_repair.text.count("'") == seed.count("'")


def test_seed_edits_apply_as_one_step(seed: str, seed_repair: Repair, seed_repaired: str) -> None:
    """Ensure the text edits rebuild the repaired article from the original."""
    assert apply_edits(seed, repair_edits(seed_repair)) == seed_repaired


def test_edits_for_accepted_changes_only(seed: str, seed_repair: Repair) -> None:
    """Ensure a review dialog can apply a chosen subset of the changes."""
    edits = repair_edits(seed_repair, accepted={0, 2})
    assert len(edits) == 2
    first, third = seed_repair.changes[0], seed_repair.changes[2]
    assert [(e.start, e.end, e.replacement) for e in edits] == [
        (first.offset, first.offset + first.length, first.after),
        (third.offset, third.offset + third.length, third.after),
    ]
    assert apply_edits(seed, edits).count("‚Äô") == seed.count("‚Äô") - 2


# --------------------------------------------------------------------------------------
# Hand-written cases (tests/fixtures/encoding/cases.json)


@pytest.mark.parametrize("case", CASES, ids=[case["label"] for case in CASES])
def test_hand_written_case(case: dict[str, Any]) -> None:
    """Ensure each hand-written case is repaired (or left alone) and named correctly."""
    repair = repair_text(case["damaged"])
    assert repair.text == case["expected"]
    assert {change.kind for change in repair.changes} == set(case["kinds"])


def test_ambiguous_place_is_reported_not_changed() -> None:
    """Ensure doubtful evidence is named in the diagnosis and nothing is changed."""
    repair = repair_text("MISUTÂ\u00a0AJIKKO")
    assert not repair.damaged
    assert "ambiguous" in repair.diagnosis
    assert "left unchanged" in repair.diagnosis


def test_clean_text_diagnosis() -> None:
    """Ensure clean text reports exactly the documented no-damage diagnosis."""
    for text in ("plain ASCII", "Straße, café, 東京, 👍"):
        repair = repair_text(text)
        assert repair == Repair(text, (), NO_DAMAGE)
        assert repair.count == 0


def test_double_damage_is_named() -> None:
    """Ensure text damaged twice is repaired and described as such."""
    repair = repair_text(damage("It’s a café.", "windows-1252+windows-1252"))
    assert repair.text == "It’s a café."
    assert {change.kind for change in repair.changes} == {"double"}
    assert "UTF-8 read as Windows-1252 twice" in repair.diagnosis


def test_latin1_is_told_from_windows_1252() -> None:
    """Ensure C1 controls name the damage Latin-1, even for characters both share."""
    repair = repair_text(damage("It’s déjà vu", "latin-1"))
    assert repair.text == "It’s déjà vu"
    assert {change.kind for change in repair.changes} == {"latin-1"}
    assert repair.diagnosis.startswith("UTF-8 read as Latin-1")


def test_change_fields_describe_the_original() -> None:
    """Ensure offsets and lengths point into the original text."""
    text = "Le cafÃ© est fermÃ©."
    repair = repair_text(text)
    assert repair.changes == (
        Change(6, 2, "Ã©", "é", "windows-1252"),
        Change(17, 2, "Ã©", "é", "windows-1252"),
    )


# --------------------------------------------------------------------------------------
# Generated damage: every family in every shape


@pytest.mark.parametrize("group", GROUPS, ids=[f"{f}-{s}" for f, s in GROUPS])
def test_generated_damage_is_repaired_exactly(group: tuple[str, str]) -> None:
    """Ensure every generated case of one family and shape is repaired exactly."""
    cases = [case for case in GENERATED if (case.family, case.shape) == group]
    assert cases
    failures = [case for case in cases if repair_text(case.damaged).text != case.original]
    assert [(case.source, case.damaged[:80]) for case in failures] == []


@pytest.mark.parametrize("family", FAMILIES + DOUBLES)
def test_generated_damage_is_counted(family: str) -> None:
    """Ensure the repair count matches the characters that were damaged in a line."""
    original = "Ça coûte 12 € — “voilà”"
    repair = repair_text(damage(original, family))
    assert repair.text == original
    assert repair.count == sum(1 for ch in original if not ch.isascii())


# --------------------------------------------------------------------------------------
# Clean text must come back identical


CLEAN = list(corpus.clean_cases())


@pytest.mark.parametrize("name,text", CLEAN, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CLEAN)])
def test_clean_text_is_unchanged(name: str, text: str) -> None:
    """Ensure clean multilingual text, emoji, maths and typography are left alone."""
    repair = repair_text(text)
    assert repair.text == text
    assert repair.changes == ()
    if name != corpus.ADVERSARIAL:
        # Only the deliberately tricky fixture may earn an "ambiguous" note.
        assert repair.diagnosis == NO_DAMAGE


# --------------------------------------------------------------------------------------
# Languages beyond the first fixtures: every family (and two-step chain) in five shapes

LANGUAGE_CASES = list(corpus.language_cases())
LANGUAGES = sorted({case.source for case in LANGUAGE_CASES})
# Single words whose damaged form is also how clean text can look, so they are left alone
# when nothing else in the text is damaged: Mac Roman "а" (Russian "and") is "–∞", minus
# infinity; Windows-1252 "Są" (Polish "are", capitalised) is "SÄ…", a word ending in "Ä"
# and an ellipsis, as Finnish or German capitals may. Inside damaged lines they are repaired.
AMBIGUOUS_WORDS = frozenset(["а", "Są"])


def _ambiguous(case: Any) -> bool:
    return case.shape in ("word", "short") and not AMBIGUOUS_WORDS.isdisjoint(
        word.strip(",.!?") for word in case.original.split()
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_languages_are_repaired_exactly(language: str) -> None:
    """Ensure every family and shape of a language's damage is repaired exactly, except
    the documented single words that clean text can look like."""
    cases = [case for case in LANGUAGE_CASES if case.source == language]
    assert {case.shape for case in cases} == set(corpus.LANGUAGE_SHAPES)
    failures = [case for case in cases if repair_text(case.damaged).text != case.original]
    assert [
        (case.family, case.shape, case.damaged[:80]) for case in failures if not _ambiguous(case)
    ] == []


def test_ambiguous_words_are_repaired_inside_damaged_lines() -> None:
    """Ensure the ambiguous single words are repaired where the text around them is damaged."""
    for line in ("Вчера мы гуляли, а летом жарко.", "Są ludzie, którzy lubią deszcz."):
        for family in ("mac-roman", "windows-1252", "windows-1252+mac-roman"):
            assert repair_text(damage(line, family)).text == line


LANGUAGE_CLEAN = list(corpus.language_clean_cases())


def test_clean_languages_are_unchanged() -> None:
    """Ensure clean text of every language fixture (documents, lines, phrases, single words)
    comes back identical, with nothing reported."""
    changed = [
        (name, text[:60])
        for name, text in LANGUAGE_CLEAN
        if repair_text(text) != Repair(text, (), NO_DAMAGE)
    ]
    assert changed == []


# Real words damaged one way, each once left unrepaired, with the family and the text the
# damage makes (generated here by simulate_damage; the expected text is the original).
FIXED_WORDS = [
    ("się", "windows-1252", "siÄ™"),  # a capital inside a lowercase word
    ("zaczynają", "windows-1252+windows-1252", "zaczynajÃ„â€¦"),
    ("są", "windows-1252+mac-roman", "s√Ñ‚Ä¶"),
    ("Ona się uśmiecha", "windows-1252", "Ona siÄ™ uÅ›miecha"),
    ("Ą", "windows-1252", "Ä„"),  # opening punctuation after a letter
    ("ς", "windows-1252", "Ï‚"),
    ("ℕ", "windows-1252", "â„•"),
    ("№ 7", "windows-1252+windows-1252", "Ã¢â€žâ€“ 7"),
    ("Šumava", "windows-1252", "Å\xa0umava"),  # a no-break space glued to a word
    ("Što", "latin-1", "Å\xa0to"),
    ("VŠE", "windows-1252", "VÅ\xa0E"),
    ("Nguyễn", "windows-1252", "Nguyá»…n"),  # punctuation between letters
    ("CŒUR", "windows-1252", "CÅ’UR"),
    ("dễ", "windows-1252", "dá»…"),  # a Vietnamese letter glued to a word
    ("chỗ", "latin-1", "chá»\x97"),
    ("ő", "windows-1252", "Å‘"),  # Latin Extended letters after a capital, or alone
    ("JUŻ", "windows-1252", "JUÅ»"),
    ("DOMŮ", "latin-1", "DOMÅ®"),
    ("Aș", "windows-1252", "AÈ™"),
    ("내", "windows-1252", "ë‚´"),  # a syllable alone
    ("전", "windows-1252", "ì\xa0„"),
    ("的", "windows-1252", "çš„"),
    ("수", "mac-roman", "Ïàò"),
    ("言っ", "mac-roman", "Ë®Ä„Å£"),  # Mac Roman reads it, Windows-1252 only garbles it
    ("ל", "mac-roman", "◊ú"),  # a lone Hebrew or Arabic letter
    ("و", "mac-roman", "Ÿà"),
    ("Ğ", "mac-roman", "ƒû"),
    (
        "аптека?",
        "mac-roman+mac-roman",
        "‚Äì‚àû‚Äì√∏‚Äî√á‚Äì¬µ‚Äì‚à´‚Äì‚àû?",
    ),  # ours beats ftfy's one layer
    ("😀.", "latin-1+mac-roman", "√∞¬ü¬ò¬Ä."),  # C1 controls that are an inner word
]


@pytest.mark.parametrize("original,family,damaged", FIXED_WORDS, ids=[w[0] for w in FIXED_WORDS])
def test_words_of_more_languages_are_repaired(original: str, family: str, damaged: str) -> None:
    """Ensure single words and short strings of the added languages are repaired exactly."""
    assert damage(original, family) == damaged
    repair = repair_text(damaged)
    assert repair.text == original
    assert repair.damaged


# Clean words and strings that look like damage and must stay: capitals of Czech, Slovak
# and Ukrainian that Windows-1250 or -1251 used to "repair", and ftfy's negative cases.
CLEAN_LOOKALIKES = [
    "SPÍŠ",
    "TĚŠÍ",
    "ROVNĚŽ",
    "DĹŽKA",
    "KEĎŽE",
    "СВІТІ",
    "КОМІСІЇ",
    "ДВІЧІ",
    "AHÅ™, the new sofa",
    "SELKÄ\xa0EDELLÄ\xa0MAAHAN",
    "Bremer/Mccoy – DrÃ¥ber",
    "–∞",
    "SÄ…",
    "MÄ£ÄM",
]


@pytest.mark.parametrize("text", CLEAN_LOOKALIKES)
def test_clean_lookalikes_are_unchanged(text: str) -> None:
    """Ensure clean text that resembles the newly repaired damage is left alone."""
    assert repair_text(text).changes == ()


# --------------------------------------------------------------------------------------
# Properties


_WORDS = sorted({word for text in corpus.damage_sources().values() for word in text.split()})
_TEXTS = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, family=st.sampled_from(FAMILIES + DOUBLES))
def test_damage_then_repair_gives_the_original(text: str, family: str) -> None:
    """Ensure repairing generated damage restores the original exactly."""
    assert repair_text(damage(text, family)).text == text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS)
def test_repair_of_clean_text_changes_nothing(text: str) -> None:
    """Ensure clean generated text is returned unchanged."""
    assert repair_text(text).changes == ()


@settings(max_examples=150, deadline=None)
@given(text=st.text())
def test_any_text_yields_consistent_edits(text: str) -> None:
    """Ensure the changes always describe the returned text, whatever the input."""
    repair = repair_text(text)
    assert apply_edits(text, repair_edits(repair)) == repair.text
    for change in repair.changes:
        assert text[change.offset : change.offset + change.length] == change.before


# --------------------------------------------------------------------------------------
# The engine's shortcuts give what their plain definitions give (they exist for speed)


_MOJIBAKE_TEXTS = st.one_of(
    _TEXTS.flatmap(lambda text: st.sampled_from(FAMILIES + DOUBLES).map(lambda f: damage(text, f))),
    st.text(
        alphabet=st.sampled_from(sorted(set("aZ .?\n\xa0\ufffd\x81\x92ÃÂâ€™√‚Ä¬©é中😀"))),
        max_size=30,
    ),
)
# A zone as first defined: a whole non-ASCII stretch that holds a possible sequence start.
_ZONE = re.compile(
    f"(?<![^\\x00-\\x7f])[^\\x00-\\x7f]*?[{charsets.LEAD_CLASS}](?=[{charsets.CONT_CLASS}])"
    "[^\\x00-\\x7f]*"
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_MOJIBAKE_TEXTS)
def test_zones_are_the_stretches_that_hold_a_sequence_start(text: str) -> None:
    """Ensure the fast zone scan finds exactly the zones of the plain regex."""
    assert [(start, key[0]) for start, key in zones.document_zones(text)] == [
        (match.start(), match.group()) for match in _ZONE.finditer(text)
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_MOJIBAKE_TEXTS)
def test_full_decode_reads_sequence_after_sequence(text: str) -> None:
    """Ensure decoding a whole string at once agrees with reading it sequence by sequence."""
    for charset in charsets.CHARSETS:
        pos, pieces = 0, []
        while pos < len(text):
            match = charset.sequence.match(text, pos) if text[pos] in charset.leads else None
            if match is None or charsets.LOST in match.group():
                break
            pieces.append(charsets.decode(charset, match.group()))
            pos = match.end()
        expected = "".join(pieces) if pos == len(text) else None
        assert charsets.full_decode(charset, text) == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_MOJIBAKE_TEXTS)
def test_pieces_are_where_the_sequence_regex_finds_them(text: str) -> None:
    """Ensure the C-speed split of a group into sequences agrees with the regex."""
    for _, (zone, left, right, _) in zones.document_zones(text):
        for charset in charsets.CHARSETS:
            local = left + zone + right
            spans = [m.span() for m in charset.sequence.finditer(local, len(left))]
            ends = [start for start, _ in spans[1:]] + [len(left) + len(zone)]
            if not spans or spans[0][0] != len(left) or [end for _, end in spans] != ends:
                continue  # not a group of sequences one after another
            pieces = runs._pieces(local, charset, zone, len(left))
            assert pieces[0] == spans
            assert len(pieces[1]) == len(spans)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("aé ,中ひ한ΩЖשׁعक😀\u0301")), max_size=12))
def test_word_test_checks_every_pair(text: str) -> None:
    """Ensure the script-set shortcut agrees with checking each pair of neighbours."""
    pairs = all(characters.compatible(a, b) for a, b in itertools.pairwise(text))
    assert characters.reads_as_word(text) == pairs


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_MOJIBAKE_TEXTS)
def test_one_scan_for_leftovers_finds_what_the_separate_scans_find(text: str) -> None:
    """Ensure the quick "anything for ftfy?" scan is never wrong about a text."""
    for kind, hints in ftfy_lines._SPACE_HINTS.items():
        separate = (
            ftfy_lines._LEFTOVER_CHAR.search(text)
            or ftfy_lines._LOST_AS_QUESTION.search(text)
            or hints.search(text)
        )
        assert bool(ftfy_lines._ANY_HINT[kind].search(text)) == bool(separate)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, family=st.sampled_from((*DOUBLES, "windows-1252+mac-roman")))
def test_isolated_repairs_peel_as_the_general_road_does(text: str, family: str) -> None:
    """Ensure repairs that touch no other are peeled exactly as the general road would."""
    damaged = damage(text, family)
    fixes = uniform.uniform_fixes(damaged, zones.document_zones(damaged))
    assume(fixes is not None and layers._isolated(fixes))
    assert fixes is not None
    fast = [dataclasses.replace(fix) for fix in fixes]
    general = [dataclasses.replace(fix) for fix in fixes]
    found = layers._peel_isolated(damaged, fast)
    current, outputs, inner = layers._repaired_zones(damaged, general)
    plan = evidence.plan_repairs(current, inner)
    assert found == bool(plan.placed)
    if plan.placed:
        general = layers._compose(damaged, general, outputs, current, plan)
    assert fast == general


_CONTEXTS = st.sampled_from(
    ["", " ", "\n", "a", "A", "0", ".", "?", "#", "<p>", "http://x.y/?q=", "Ã "]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    word=st.sampled_from(_WORDS),
    family=st.sampled_from((*FAMILIES, *DOUBLES, "windows-1251", "cp437")),
    before=_CONTEXTS,
    after=_CONTEXTS,
)
def test_one_zone_texts_are_decided_as_the_full_steps_decide(
    word: str, family: str, before: str, after: str
) -> None:
    """Ensure the once-per-zone shortcut gives exactly what the full steps give."""
    text = before + damage(word, family) + after
    fast = repair_text(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "single_zone_repair", lambda *args: None)
        assert repair_text(text) == fast


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_TEXTS,
    family=st.sampled_from((*FAMILIES, *DOUBLES, "windows-1252+mac-roman", "windows-1251")),
    tail=st.sampled_from(["", " Ã ", " \x92s", " é", "\u00ad", " ?"]),
)
def test_one_layer_texts_are_repaired_as_the_full_steps_repair(
    text: str, family: str, tail: str
) -> None:
    """Ensure the uniform road's shortcut (no further layer) gives what peeling gives."""
    damaged = damage(text, family) + tail
    fast = repair_text(damaged)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_deeper_layer", lambda outputs: True)
        assert repair_text(damaged) == fast


def test_caches_are_emptied_when_they_grow_large() -> None:
    """Ensure a long session's verdict caches stay bounded, and results do not change."""
    texts = [case.damaged for case in GENERATED[:200]]
    before = [repair_text(text) for text in texts]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(memo, "LIMIT", 10)
        memo.trim(10**6)  # a long text: look at once
        sizes = [cached.cache_info().currsize for cached in memo._caches]
        assert max(sizes) <= 10
        assert [repair_text(text) for text in texts] == before


def test_changes_built_fast_are_ordinary_changes() -> None:
    """Ensure a Change built in bulk equals, hashes and prints like one built normally."""
    fast, normal = new_change(3, 2, "Ã©", "é", "latin-1"), Change(3, 2, "Ã©", "é", "latin-1")
    assert fast == normal
    assert hash(fast) == hash(normal)
    assert repr(fast) == repr(normal)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.offset = 4  # type: ignore[misc]
    quick, plain = changes.new_repair("é", (fast,), "d"), Repair("é", (normal,), "d")
    assert quick == plain
    assert repr(quick) == repr(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.text = ""  # type: ignore[misc]


def test_public_face_reexports_the_engine() -> None:
    """Ensure editor.core.encoding offers the same objects as the engine's package."""
    assert encoding.Change is changes.Change
    assert encoding.Repair is changes.Repair
    assert encoding.repair_text is engine.repair_text
    assert encoding.KIND_LABELS is changes.KIND_LABELS


# --------------------------------------------------------------------------------------
# ftfy's own labelled cases, only when a local copy is given (their text is not ours)


def _ftfy_cases() -> list[dict[str, str]]:
    path = os.environ.get("FTFY_TEST_CASES")
    if not path or not Path(path).is_file():
        return []
    cases: list[dict[str, str]] = json.loads(Path(path).read_text(encoding="utf-8"))
    return [case for case in cases if case["expect"] == "pass"]


@pytest.mark.skipif(not _ftfy_cases(), reason="set FTFY_TEST_CASES to ftfy's test_cases.json")
def test_ftfy_labelled_cases() -> None:
    """Ensure ≥95 % of ftfy's damaged cases are repaired and all must-not-change ones kept."""
    damaged = kept = repaired = unchanged = 0
    for case in _ftfy_cases():
        expected = case.get("fixed-encoding", case["fixed"])
        result = repair_text(case["original"]).text
        if case["original"] == expected:
            unchanged += 1
            kept += result == expected
        else:
            damaged += 1
            repaired += result == expected
    assert kept == unchanged
    assert repaired >= 0.95 * damaged
