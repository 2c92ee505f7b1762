"""Probabilistic record linkage of person records, on Splink; no Django.

Steps: `prepare_all` (normalised names with Dutch particles apart, dates, sound keys and
capped blocking keys) → `train_model` (EM, a versioned `TrainedModel`) → `predict_pairs` →
`cluster` (union-find that respects the registrar's confirmed and rejected pairs). The
intake check (`intake.IntakeIndex`) scores one new record against an indexed table with the
same model's m and u probabilities.
"""
