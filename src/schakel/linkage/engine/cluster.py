"""Records into persons: pairs above the match threshold joined, the registrar's word first.

Union-find over the scored pairs, strongest first. Pairs the registrar confirmed are joined
before any model pair; a pair the registrar rejected is never brought together, directly or
through a chain (a join that would do so is skipped). So decisions always override the
model, whatever it scores.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field


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
) -> Clustering:
    """``max_size``: the model never grows a person beyond this many records (a chain of
    look-alikes, not one human being); the registrar's confirmed pairs may."""
    parent: dict[Hashable, Hashable] = {r: r for r in records}
    size: dict[Hashable, int] = dict.fromkeys(parent, 1)
    forbidden: dict[Hashable, set[Hashable]] = {}  # root → records it may never be with

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

    def join(a: Hashable, b: Hashable, *, by_model: bool = True) -> None:
        ra, rb = root(a), root(b)
        if ra == rb:
            return
        if by_model and size[ra] + size[rb] > max_size:
            blocked.append((a, b))
            return
        if any(root(x) == rb for x in forbidden.get(ra, ())) or any(
            root(x) == ra for x in forbidden.get(rb, ())
        ):
            blocked.append((a, b))
            return
        keep, gone = (ra, rb) if str(ra) <= str(rb) else (rb, ra)
        parent[gone] = keep
        size[keep] += size.pop(gone)
        merged = forbidden.pop(gone, set())
        if merged:
            forbidden.setdefault(keep, set()).update(merged)

    for a, b in same:
        if a in parent and b in parent:
            join(a, b, by_model=False)
    strong = sorted(
        ((p, a, b) for a, b, p in scored_pairs if p >= threshold and a in parent and b in parent),
        key=lambda t: -t[0],
    )
    for _, a, b in strong:
        join(a, b)
    roots = {r: root(r) for r in parent}
    # Name each cluster by its smallest member, so the result does not depend on join order.
    smallest: dict[Hashable, Hashable] = {}
    for record, r in roots.items():
        if r not in smallest or _less(record, smallest[r]):
            smallest[r] = record
    return Clustering({record: smallest[r] for record, r in roots.items()}, blocked)


def _less(a: Hashable, b: Hashable) -> bool:
    try:
        return bool(a < b)  # type: ignore[operator]
    except TypeError:
        return str(a) < str(b)
