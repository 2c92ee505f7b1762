"""Log-linear model specifications and their design matrices.

A model for K lists has an intercept, one main effect per list, a chosen set of two-list
interactions and optionally a heterogeneity term. Written on the observable cells ω, the
expected count is ``log μ_ω = β0 + Σ_j β_j ω_j + Σ_{j<k} β_jk ω_j ω_k + γ h(|ω|)`` and the
unobserved cell (ω = 0) has ``μ_0 = exp(β0)`` because every other column is zero there;
hence N = observed + exp(β0) (Cormack 1989, "Log-linear models for capture-recapture",
Biometrics 45; Fienberg 1972).

Heterogeneity terms follow Rcapture (Baillargeon & Rivest 2007, J. Stat. Softw. 19(5);
Rivest & Lévesque 2001): Poisson ``h(k) = a^k - 1`` (a = 2: "Poisson2") and Darroch
``h(k) = k^2 / 2`` where k = |ω| is the number of lists a person is on. A model with
main effects and a heterogeneity term is Rcapture's Mth. ``histories`` adds an indicator
column for a single capture history (e.g. Rcapture's Mt with an extra parameter for 111111).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

import numpy as np
from numpy.typing import NDArray

Heterogeneity = Literal["none", "poisson", "darroch"]
Pair = tuple[int, int]


def _normalise_pair(pair: Sequence[int]) -> Pair:
    first, second = int(pair[0]), int(pair[1])
    if first == second:
        raise ValueError(f"an interaction needs two different lists, got {pair}")
    return (first, second) if first < second else (second, first)


@dataclass(frozen=True)
class ModelSpec:
    """Which terms a log-linear model has besides the intercept and main effects.

    ``interactions`` holds pairs of list indices (sorted, without duplicates), so two specs
    with the same terms compare and hash equal regardless of the order they were added in.
    """

    interactions: tuple[Pair, ...] = ()
    heterogeneity: Heterogeneity = "none"
    poisson_base: float = 2.0
    histories: tuple[tuple[int, ...], ...] = ()

    def __post_init__(self) -> None:
        pairs = tuple(sorted({_normalise_pair(p) for p in self.interactions}))
        object.__setattr__(self, "interactions", pairs)
        if self.heterogeneity not in ("none", "poisson", "darroch"):
            raise ValueError(f"unknown heterogeneity {self.heterogeneity!r}")
        if self.poisson_base <= 1.0:
            raise ValueError("the Poisson heterogeneity base must exceed 1")

    def with_interaction(self, *, pair: Sequence[int]) -> ModelSpec:
        """A copy with one more two-list interaction."""
        return ModelSpec(
            interactions=(*self.interactions, _normalise_pair(pair)),
            heterogeneity=self.heterogeneity,
            poisson_base=self.poisson_base,
            histories=self.histories,
        )

    def term_names(self, *, lists: Sequence[str]) -> list[str]:
        """Column names in design-matrix order, R style (``LA:NG``)."""
        names = ["(Intercept)", *lists]
        names += [f"{lists[a]}:{lists[b]}" for a, b in self.interactions]
        if self.heterogeneity == "poisson":
            names.append(f"het.poisson{self.poisson_base:g}")
        elif self.heterogeneity == "darroch":
            names.append("het.darroch")
        names += ["history." + "".join(str(b) for b in h) for h in self.histories]
        return names

    def describe(self, *, lists: Sequence[str]) -> str:
        """Short human-readable description, e.g. ``main effects + LA:NG + NG:GP``."""
        extra = self.term_names(lists=lists)[1 + len(lists) :]
        return " + ".join(["main effects", *extra])


def all_pairs(*, n_lists: int) -> list[Pair]:
    """Every two-list pair (j, k) with j < k."""
    return list(combinations(range(n_lists), 2))


def parse_terms(*, terms: Sequence[str], lists: Sequence[str]) -> ModelSpec:
    """Build a spec from R-style interaction names such as ``["LA:NG", "NG:GP"]``."""
    index = {name: i for i, name in enumerate(lists)}
    pairs: list[Pair] = []
    for term in terms:
        parts = term.split(":")
        if len(parts) != 2 or parts[0] not in index or parts[1] not in index:
            raise ValueError(f"term {term!r} is not a two-list interaction of {list(lists)}")
        pairs.append(_normalise_pair((index[parts[0]], index[parts[1]])))
    return ModelSpec(interactions=tuple(pairs))


def design_matrix(*, patterns: NDArray[np.int8], spec: ModelSpec) -> NDArray[np.float64]:
    """Design matrix of ``spec`` on the given capture patterns (one row per cell)."""
    bits = patterns.astype(np.float64)
    n_cells, n_lists = bits.shape
    columns: list[NDArray[np.float64]] = [
        np.ones(n_cells),
        *(bits[:, j] for j in range(n_lists)),
    ]
    for a, b in spec.interactions:
        if b >= n_lists:
            raise ValueError(f"interaction {(a, b)} refers to a list beyond the {n_lists} lists")
        columns.append(bits[:, a] * bits[:, b])
    captures = bits.sum(axis=1)
    if spec.heterogeneity == "poisson":
        columns.append(spec.poisson_base**captures - 1.0)
    elif spec.heterogeneity == "darroch":
        columns.append(captures**2 / 2.0)
    for history in spec.histories:
        if len(history) != n_lists:
            raise ValueError(f"history {history} does not have {n_lists} entries")
        target = np.asarray(history, dtype=np.float64)
        columns.append(np.all(bits == target, axis=1).astype(np.float64))
    return np.column_stack(columns)
