"""Minimum-edit alignment of source and attempt tokens (Levenshtein, via rapidfuzz).

The edit operations are an optimal alignment, so substitutions + deletions + insertions equal
the edit distance and WER equals jiwer's on the same texts. A near miss ("saying"/"saving")
costs one substitution, less than a deletion plus an insertion, so it is reported as changed.
Among equal-cost alignments rapidfuzz's is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein


@dataclass(frozen=True)
class Pair:
    op: str  # "equal", "replace", "delete" (source token missed), "insert" (extra attempt token)
    source: int | None
    attempt: int | None


def align(source: list[str], attempt: list[str]) -> list[Pair]:
    pairs: list[Pair] = []
    for op in Levenshtein.opcodes(source, attempt):
        if op.tag in ("equal", "replace"):
            n, m = op.src_end - op.src_start, op.dest_end - op.dest_start
            for k in range(min(n, m)):
                pairs.append(Pair(op.tag, op.src_start + k, op.dest_start + k))
            pairs.extend(Pair("delete", op.src_start + k, None) for k in range(m, n))
            pairs.extend(Pair("insert", None, op.dest_start + k) for k in range(n, m))
        elif op.tag == "delete":
            pairs.extend(Pair("delete", i, None) for i in range(op.src_start, op.src_end))
        else:
            pairs.extend(Pair("insert", None, j) for j in range(op.dest_start, op.dest_end))
    return pairs
