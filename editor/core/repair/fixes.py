"""Fixes: repairs in progress, each with the layers of wrong decoding it undoes."""

from __future__ import annotations

from dataclasses import dataclass

from editor.core.repair.charsets import CP1252_ONLY
from editor.core.repair.evidence import Plan
from editor.core.repair.runs import Run
from editor.core.repair.spans import Spans


@dataclass(slots=True)
class Fix:
    """A repair in progress: ``layers`` lists the wrong decodings undone, outermost first."""

    offset: int
    length: int
    before: str
    after: str
    layers: tuple[str, ...]

    @property
    def kind(self) -> str:
        """Change.kind: the one wrong decoding, or "double" for several."""
        return "double" if len(self.layers) > 1 else self.layers[0]


def fixes_from_plan(text: str, plan: Plan) -> list[Fix]:
    """A fix for each run the plan accepted, named Latin-1 where the document is."""
    latin1 = document_is_latin1(text, plan.placed)
    fixes = []
    for offset, run in plan.placed:  # already in text order
        # run.kind, then the document's verdict on Latin-1, inline: this is hot.
        kind = run.charset
        if kind == "windows-1252" and (latin1 or run.has_c1):
            kind = "latin-1"
        start, end = offset + run.start, offset + run.end
        fixes.append(Fix(start, end - start, text[start:end], run.after, (kind,)))
    return fixes


def document_is_latin1(text: str, placed: list[tuple[int, Run]]) -> bool:
    """Latin-1 and Windows-1252 share most characters; the C1 controls tell them apart."""
    # Cheapest test first: a run is Latin-1 when its Windows-1252 source holds a C1 control.
    if not any(run.has_c1 and run.kind == "latin-1" for _, run in placed):
        return False
    return not any(
        run.kind == "windows-1252"
        and not CP1252_ONLY.isdisjoint(text[offset + run.start : offset + run.end])
        for offset, run in placed
    )


def merge_new(fixes: list[Fix], added: list[Fix]) -> list[Fix]:
    """``fixes`` plus those of ``added`` that overlap none of them, in text order."""
    if not added:
        return fixes
    taken = Spans()
    for fix in fixes:
        taken.add(fix.offset, fix.offset + fix.length)
    fresh = [fix for fix in added if not taken.overlaps(fix.offset, fix.offset + fix.length)]
    return sorted(fixes + fresh, key=lambda fix: fix.offset)
