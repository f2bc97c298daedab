"""Document-wide evidence: which charset claims each zone, and which runs are accepted."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from editor.core.repair.charsets import PRIORITY
from editor.core.repair.memo import memo
from editor.core.repair.paragraphs import Blocks
from editor.core.repair.runs import FIRM, STRONG, WEAK, Run
from editor.core.repair.zones import Key, zone_runs


@dataclass
class Plan:
    """Accepted runs as (zone offset, run relative to the zone), and declined ones."""

    placed: list[tuple[int, Run]] = field(default_factory=list)
    declined: list[Run] = field(default_factory=list)


class _Decision(NamedTuple):
    """What to do with one distinct zone, or ``pending`` runs that need paragraph context."""

    accepted: tuple[Run, ...] = ()
    declined: tuple[Run, ...] = ()
    pending: tuple[Run, ...] = ()


class _Analysis(NamedTuple):
    """A distinct zone's runs, its unmistakable evidence per charset, and, when no
    document context can change it, its decision."""

    runs: tuple[Run, ...]
    evidence: tuple[tuple[str, int], ...]
    fixed: _Decision | None


@memo
def analysis(key: Key) -> _Analysis:
    """The verdict on one distinct zone, as far as the zone alone can give it."""
    runs = zone_runs(*key)
    if len(runs) == 1 and runs[0].strength == STRONG:
        # The usual verdict: one unmistakable run, decided whatever the document holds.
        run = runs[0]
        return _Analysis(runs, ((run.charset, run.end - run.start),), _Decision(runs))
    evidence: dict[str, int] = {}
    for run in runs:
        if run.strength == STRONG:
            kind = run.charset
            evidence[kind] = evidence.get(kind, 0) + run.end - run.start
    fixed = None
    if runs and all(run.protected for run in runs):
        fixed = _Decision(declined=runs)
    return _Analysis(runs, tuple(evidence.items()), fixed)


def settled_runs(key: Key) -> tuple[Run, ...] | None:
    """The runs a zone has accepted whatever the rest of the document holds, or None when
    document-wide evidence or its paragraph could change the decision."""
    found = analysis(key)
    if found.fixed is not None:
        return found.fixed.accepted
    return None if found.runs else ()


def plan_repairs(text: str, zones: list[tuple[int, Key]]) -> Plan:
    """The best-evidenced charset claims its runs first; the others fill the gaps."""
    counts: dict[Key, int] = {}
    for _, key in zones:
        counts[key] = counts.get(key, 0) + 1
    analyses = {key: analysis(key) for key in counts}
    decisions: dict[Key, _Decision] = {}
    evidence: dict[str, int] | None = None  # needed only where no decision is fixed
    for key, found in analyses.items():
        if found.fixed is not None:
            decisions[key] = found.fixed
        elif found.runs:
            if evidence is None:
                evidence = _document_evidence(analyses, counts)
            decisions[key] = _decide(_ranked(found.runs, evidence), evidence)
    support = None
    if evidence is not None and any(decision.pending for decision in decisions.values()):
        runs = {key: found.runs for key, found in analyses.items()}
        support = _Support(text, zones, runs, decisions, evidence)
    plan = Plan()
    placed, declined = plan.placed, plan.declined
    for index, (start, key) in enumerate(zones):
        decision = decisions.get(key)
        if decision is None:
            continue
        if support is not None and decision.pending:
            decision = support.settle(decision.pending, index)
        for run in decision.accepted:
            placed.append((start, run))
        if decision.declined:
            declined.extend(run.shifted(start) for run in decision.declined)
    return plan


def _document_evidence(
    analyses: Mapping[Key, _Analysis], counts: Mapping[Key, int]
) -> dict[str, int]:
    """Characters of unmistakable evidence for each charset, over the whole document."""
    evidence: dict[str, int] = {}
    for key, found in analyses.items():
        for kind, chars in found.evidence:
            evidence[kind] = evidence.get(kind, 0) + counts[key] * chars
    return evidence


def _ranked(runs: tuple[Run, ...], evidence: Mapping[str, int]) -> tuple[Run, ...]:
    if len(runs) == 1:
        return runs
    return tuple(
        sorted(
            runs,
            key=lambda r: (-evidence.get(r.charset, 0), PRIORITY[r.charset], r.start),
        )
    )


def _could_be_supported(run: Run, evidence: Mapping[str, int]) -> bool:
    return run.strength == WEAK and not run.protected and evidence.get(run.charset, 0) > 0


def _decide(ranked: tuple[Run, ...], evidence: Mapping[str, int]) -> _Decision:
    if any(run.strength == FIRM or _could_be_supported(run, evidence) for run in ranked):
        return _Decision(pending=ranked)
    if len(ranked) == 1:
        # A single strong run was decided once and for all by ``analysis``.
        return _Decision(declined=ranked)
    accepted, declined = _take(ranked, lambda run: run.strength == STRONG)
    return _Decision(accepted, declined)


def _take(
    ranked: Iterable[Run], accept: Callable[[Run], bool]
) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """Accept runs in rank order, skipping any that overlap one already taken."""
    accepted: list[Run] = []
    declined: list[Run] = []
    for run in ranked:
        if any(a.start < run.end and run.start < a.end for a in accepted):
            continue
        (accepted if accept(run) else declined).append(run)
    declined = [
        d for d in declined if not any(a.start < d.end and d.start < a.end for a in accepted)
    ]
    return tuple(sorted(accepted, key=lambda run: run.start)), tuple(declined)


class _Support:
    """Paragraph context for weak runs: trusted only where the whole paragraph is damaged."""

    def __init__(
        self,
        text: str,
        zones: list[tuple[int, Key]],
        analyses: Mapping[Key, tuple[Run, ...]],
        decisions: Mapping[Key, _Decision],
        evidence: Mapping[str, int],
    ) -> None:
        self._blocks = Blocks(text)
        self._zone_blocks = self._blocks.indexes([start for start, _ in zones])
        pending = {key for key, decision in decisions.items() if decision.pending}
        wanted = {
            block
            for (_, key), block in zip(zones, self._zone_blocks, strict=True)
            if key in pending
        }
        coverage: dict[tuple[str, int], int] = {}
        for (_, key), block in zip(zones, self._zone_blocks, strict=True):
            if block in wanted:
                for run in analyses[key]:
                    place = (run.charset, block)
                    coverage[place] = coverage.get(place, 0) + run.end - run.start
        self._coverage = coverage
        self._evidence = evidence

    def settle(self, ranked: tuple[Run, ...], zone_index: int) -> _Decision:
        block = self._zone_blocks[zone_index]
        uniform = self._blocks.non_ascii(block)

        def accept(run: Run) -> bool:
            if run.strength == STRONG:
                return True
            if self._coverage.get((run.charset, block), 0) < uniform:
                return False
            return run.strength == FIRM or _could_be_supported(run, self._evidence)

        accepted, declined = _take(ranked, accept)
        return _Decision(accepted, declined)
