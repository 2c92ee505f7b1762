"""Existence of the maximum-likelihood estimate and identifiability of the intercept.

With zero counts a Poisson log-linear likelihood may keep increasing along a direction d
of the parameters: when ``X_S d = 0`` on the cells S with a positive count and
``X_Z d <= 0`` on the zero cells Z, moving along d never lowers the likelihood and drives
the fitted counts of some zero cells to 0 (Haberman 1974, *The Analysis of Frequency
Data*, thm 2.3; Fienberg & Rinaldo 2012, "Maximum likelihood estimation in log-linear
models", Ann. Statist. 40, 996-1023). Call the set of such directions D.

The *extended* MLE sets the cells that some d in D pushes down (outside the "facial set"
F) to zero and fits the model on F. For MSE only the intercept matters, since
N = observed + exp(β0). Writing d0 for the intercept component of d:

* if every d in D has d0 = 0, the extended MLE of β0 exists and is unique: ``ok``;
* if some d has d0 > 0 but none d0 < 0, the likelihood is maximised only as the unobserved
  cell goes to infinity: the MLE of N does not exist (``no_mle``);
* if D has directions with d0 > 0 and with d0 < 0, the data cannot fix β0 at all: the
  model is not identifiable (``not_identifiable``);
* d0 < 0 only: the estimate of the unobserved cell collapses to 0 (``no_mle``).

This reproduces the classification of SparseMSE's ``checkident`` (Chan, Silverman &
Vincent 2021, "Multiple systems estimation for sparse capture data", JASA 116) on its
Artificial_3 example, using our own linear programmes solved by scipy's HiGHS. A rank
test on S alone settles most models without any linear programme.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

Status = Literal["ok", "no_mle", "not_identifiable"]
_TOL = 1e-7


@dataclass(frozen=True)
class Existence:
    """Outcome of the existence and identifiability checks for one model and table."""

    status: Status
    facial: NDArray[np.bool_]
    rank: int
    n_parameters: int
    message: str

    @property
    def ok(self) -> bool:
        """True when N has a finite, unique (extended) maximum-likelihood estimate."""
        return self.status == "ok"

    @property
    def exists(self) -> bool:
        """SparseMSE's linear-programme test: False when the estimate is forced to infinity."""
        return self.status != "no_mle"

    @property
    def identifiable(self) -> bool:
        """SparseMSE's rank test: False when the data cannot fix the intercept."""
        return self.status != "not_identifiable"


def _matrix_rank(matrix: NDArray[np.float64]) -> int:
    if matrix.size == 0:
        return 0
    return int(np.linalg.matrix_rank(matrix))


def _intercept_pinned(support_design: NDArray[np.float64]) -> bool:
    """True when the intercept is a linear function of the fitted cells in S.

    e_0 lies in the row space of X_S exactly when dropping column 0 lowers the rank.
    """
    return _matrix_rank(support_design) > _matrix_rank(support_design[:, 1:])


def _extreme_intercept(
    *, support: NDArray[np.float64], zeros: NDArray[np.float64], sign: float
) -> float:
    """Largest ``sign * d0`` over d in D with |d0| <= 1 (0 when only d0 = 0 is possible)."""
    n_par = support.shape[1] if support.size else zeros.shape[1]
    objective = np.zeros(n_par)
    objective[0] = -sign
    bounds: list[tuple[float | None, float | None]] = [(None, None)] * n_par
    bounds[0] = (-1.0, 1.0)
    result = linprog(
        c=objective,
        A_ub=zeros if zeros.size else None,
        b_ub=np.zeros(zeros.shape[0]) if zeros.size else None,
        A_eq=support if support.size else None,
        b_eq=np.zeros(support.shape[0]) if support.size else None,
        bounds=bounds,
        method="highs",
    )
    if result.status != 0 or result.fun is None:
        raise RuntimeError(f"existence linear programme failed: {result.message}")
    return float(-result.fun)


def _facial_set(
    *,
    support: NDArray[np.float64],
    zeros: NDArray[np.float64],
    positive: NDArray[np.bool_],
) -> NDArray[np.bool_]:
    """Cells that no direction in D can push down (Fienberg & Rinaldo's facial set).

    Maximise Σ s_i subject to X_S d = 0, X_Z d + s <= 0, 0 <= s <= 1: by scaling d every
    zero cell that can be pushed down reaches s_i = 1 at the optimum.
    """
    n_par = zeros.shape[1]
    n_zero = zeros.shape[0]
    objective = np.concatenate([np.zeros(n_par), -np.ones(n_zero)])
    a_ub = np.hstack([zeros, np.eye(n_zero)])
    a_eq = np.hstack([support, np.zeros((support.shape[0], n_zero))]) if support.size else None
    bounds: list[tuple[float | None, float | None]] = [(None, None)] * n_par + [(0.0, 1.0)] * n_zero
    result = linprog(
        c=objective,
        A_ub=a_ub,
        b_ub=np.zeros(n_zero),
        A_eq=a_eq,
        b_eq=np.zeros(support.shape[0]) if a_eq is not None else None,
        bounds=bounds,
        method="highs",
    )
    if result.status != 0 or result.x is None:
        raise RuntimeError(f"facial-set linear programme failed: {result.message}")
    pushed = np.asarray(result.x[n_par:]) > 0.5
    facial = positive.copy()
    facial[np.flatnonzero(~positive)[~pushed]] = True
    return facial


# One return per outcome of the classification reads better than a result variable.
def check_existence(  # noqa: PLR0911
    *, design: NDArray[np.float64], counts: NDArray[np.float64]
) -> Existence:
    """Classify a model (design on the observable cells) for the given counts.

    Linear programmes run only when the rank shortcut cannot decide, which keeps the
    check cheap inside model selection and the bootstrap.
    """
    positive = counts > 0
    n_par = design.shape[1]
    support = design[positive]
    zeros = design[~positive]
    rank_support = _matrix_rank(support)
    if rank_support == n_par:
        # X_S has full column rank, so D = {0}: the ordinary MLE exists.
        return Existence("ok", np.ones(len(counts), dtype=bool), n_par, n_par, "")
    if np.all(design >= 0):
        # Shortcut for non-negative columns (all of ours): a column that vanishes on S
        # can be sent to -inf, pushing exactly the cells it covers to zero. If the other
        # columns have full rank on S no other direction exists (X_S d = 0 forces them
        # to 0), so the facial set is known without a linear programme.
        vanishing = ~np.any(support != 0, axis=0)
        kept = ~vanishing
        if vanishing.any() and kept[0] and _matrix_rank(support[:, kept]) == int(kept.sum()):
            facial = ~np.any(design[:, vanishing] != 0, axis=1)
            message = (
                f"{int((~facial).sum())} empty cell(s) have fitted count 0 (extended MLE); "
                "some interaction parameters are infinite but N is finite"
            )
            return Existence("ok", facial, int(kept.sum()), n_par, message)
    if _intercept_pinned(support):
        facial = _facial_set(support=support, zeros=zeros, positive=positive)
        rank = _matrix_rank(design[facial])
        message = ""
        if not facial.all():
            message = (
                f"{int((~facial).sum())} empty cell(s) have fitted count 0 (extended MLE); "
                "some interaction parameters are infinite but N is finite"
            )
        return Existence("ok", facial, rank, n_par, message)
    upward = _extreme_intercept(support=support, zeros=zeros, sign=1.0)
    downward = _extreme_intercept(support=support, zeros=zeros, sign=-1.0)
    facial = positive.copy()
    if upward > _TOL and downward > _TOL:
        return Existence(
            "not_identifiable",
            facial,
            rank_support,
            n_par,
            "the intercept is not identifiable: the observed cells leave the unobserved "
            "count undetermined",
        )
    if upward > _TOL:
        return Existence(
            "no_mle",
            facial,
            rank_support,
            n_par,
            "the maximum-likelihood estimate does not exist: the likelihood grows without "
            "bound as the unobserved count goes to infinity",
        )
    if downward > _TOL:
        return Existence(
            "no_mle",
            facial,
            rank_support,
            n_par,
            "the maximum-likelihood estimate does not exist: the unobserved count goes to 0",
        )
    # Only reachable through round-off: the rank shortcut said the intercept is free but
    # the linear programmes found no direction moving it.
    facial = _facial_set(support=support, zeros=zeros, positive=positive)
    return Existence("ok", facial, _matrix_rank(design[facial]), n_par, "")
