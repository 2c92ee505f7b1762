"""Records into persons: pairs above the match threshold joined, the registrar's word first.

Clusters grow from the strongest pair down, but a pair joins two clusters only when there is
direct evidence between them, not a chain: more than ``min_support_share`` (0.4) of all the
record pairs across the two clusters must have scored at least ``support`` (the review
threshold), and no pair across them may contradict itself outright (``conflicts``: two full
dates of birth that are not one typo or a day/month swap apart, `dates_conflict`). A record
with only a name (no date of birth) that scores high against two namesakes with different
dates of birth therefore joins at most one of them. A record may still join a two-record
person on evidence against one of the two (a third report often shares a typo with neither).
Pairs the registrar confirmed are joined before any model pair, whatever the evidence; a pair
the registrar rejected is never brought together, directly or through other records (a join
that would do so is skipped). So decisions always override the model, whatever it scores.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import jellyfish


@dataclass
class Clustering:
    cluster_of: dict[Hashable, Hashable]  # record id → the smallest record id in its cluster
    blocked_joins: list[tuple[Hashable, Hashable]] = field(default_factory=list)

    def clusters(self) -> dict[Hashable, list[Hashable]]:
        members: dict[Hashable, list[Hashable]] = {}
        for record, cluster in self.cluster_of.items():
            members.setdefault(cluster, []).append(record)
        return members


def cluster(
    records: Iterable[Hashable],
    scored_pairs: Iterable[tuple[Hashable, Hashable, float]],
    *,
    threshold: float,
    same: Iterable[tuple[Hashable, Hashable]] = (),
    different: Iterable[tuple[Hashable, Hashable]] = (),
    max_size: int = 12,
    support: float | None = None,
    min_support_share: float = 0.4,
    conflicts: Callable[[Hashable, Hashable], bool] | None = None,
) -> Clustering:
    """Cluster ``records`` (see the module docstring).

    ``scored_pairs``: (a, b, match probability); pairs below ``support`` (default: the match
    threshold) are ignored. ``max_size``: the model never grows a person beyond this many
    records (the registrar's confirmed pairs may). A model join needs more than
    ``min_support_share`` of the cross pairs at ``support`` or more, and no cross pair for
    which ``conflicts`` is true.
    """
    support_at = threshold if support is None else min(support, threshold)
    parent: dict[Hashable, Hashable] = {r: r for r in records}
    members: dict[Hashable, list[Hashable]] = {r: [r] for r in parent}
    forbidden: dict[Hashable, set[Hashable]] = {}  # root → records it may never be with
    evidence: dict[Hashable, set[Hashable]] = {}  # record → records it scored ≥ support with
    strong: list[tuple[float, Hashable, Hashable]] = []
    for a, b, p in scored_pairs:
        if p < support_at or a not in parent or b not in parent:
            continue
        evidence.setdefault(a, set()).add(b)
        evidence.setdefault(b, set()).add(a)
        if p >= threshold:
            strong.append((p, a, b))

    def root(x: Hashable) -> Hashable:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in different:
        if a in parent and b in parent:
            forbidden.setdefault(a, set()).add(b)
            forbidden.setdefault(b, set()).add(a)

    blocked: list[tuple[Hashable, Hashable]] = []

    def supported(ra: Hashable, rb: Hashable) -> bool:
        small, large = sorted((members[ra], members[rb]), key=len)
        large_set = set(large)
        hits = sum(len(evidence.get(x, set()) & large_set) for x in small)
        if hits <= min_support_share * len(small) * len(large):
            return False
        return conflicts is None or not any(conflicts(x, y) for x in small for y in large)

    def join(a: Hashable, b: Hashable, *, by_model: bool = True) -> None:
        ra, rb = root(a), root(b)
        if ra == rb:
            return
        if by_model and (len(members[ra]) + len(members[rb]) > max_size or not supported(ra, rb)):
            blocked.append((a, b))
            return
        if any(root(x) == rb for x in forbidden.get(ra, ())) or any(
            root(x) == ra for x in forbidden.get(rb, ())
        ):
            blocked.append((a, b))
            return
        keep, gone = (ra, rb) if str(ra) <= str(rb) else (rb, ra)
        parent[gone] = keep
        members[keep].extend(members.pop(gone))
        merged = forbidden.pop(gone, set())
        if merged:
            forbidden.setdefault(keep, set()).update(merged)

    for a, b in same:
        if a in parent and b in parent:
            join(a, b, by_model=False)
    strong.sort(key=lambda t: (-t[0], str(t[1]), str(t[2])))
    for _, a, b in strong:
        join(a, b)
    roots = {r: root(r) for r in parent}
    # Name each cluster by its smallest member, so the result does not depend on join order.
    smallest: dict[Hashable, Hashable] = {}
    for record, r in roots.items():
        if r not in smallest or _less(record, smallest[r]):
            smallest[r] = record
    return Clustering({record: smallest[r] for record, r in roots.items()}, blocked)


def dates_conflict(dob_of: Mapping[Hashable, str | None]) -> Callable[[Hashable, Hashable], bool]:
    """``conflicts`` for `cluster`: both records have a full date of birth ("YYYY-MM-DD") and
    the two are more than one character apart and not the same date with day and month
    swapped (the typos the model forgives). Such a pair may be joined on its own score, never
    through other records."""

    def conflict(a: Hashable, b: Hashable) -> bool:
        x, y = dob_of.get(a), dob_of.get(b)
        if not x or not y or x == y:
            return False
        if x[:4] == y[:4] and x[5:7] == y[8:10] and x[8:10] == y[5:7]:
            return False
        return bool(jellyfish.levenshtein_distance(x, y) > 1)

    return conflict


def _less(a: Hashable, b: Hashable) -> bool:
    try:
        return bool(a < b)  # type: ignore[operator]
    except TypeError:
        return str(a) < str(b)
