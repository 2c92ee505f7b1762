"""Multiple systems estimation (MSE) of the number of victims no agency saw.

Pure Python (numpy, scipy, pandas, statsmodels; no Django), so statisticians can use it
directly::

    from schakel.monitor.mse import read_csv, estimate
    result = estimate(read_csv("UKdat.csv"), rule="sparse")
    print(result.summary())

See docs/mse.md for the methods, the selection rules and their sources.
"""

from .bootstrap import BootstrapResult, bootstrap
from .estimate import MSEResult, estimate, estimate_strata
from .existence import Existence, check_existence
from .fit import ModelFit, fit_model, fit_terms
from .intervals import Interval, lognormal_interval, normal_interval, profile_interval
from .model import ModelSpec, design_matrix, parse_terms
from .selection import Selection, all_two_way, forward_aic, select, sparse_stepwise
from .table import (
    CaptureTable,
    TableError,
    from_counts,
    from_records,
    read_csv,
    split_strata,
)

__all__ = [
    "BootstrapResult",
    "CaptureTable",
    "Existence",
    "Interval",
    "MSEResult",
    "ModelFit",
    "ModelSpec",
    "Selection",
    "TableError",
    "all_two_way",
    "bootstrap",
    "check_existence",
    "design_matrix",
    "estimate",
    "estimate_strata",
    "fit_model",
    "fit_terms",
    "forward_aic",
    "from_counts",
    "from_records",
    "lognormal_interval",
    "normal_interval",
    "parse_terms",
    "profile_interval",
    "read_csv",
    "select",
    "sparse_stepwise",
    "split_strata",
]
