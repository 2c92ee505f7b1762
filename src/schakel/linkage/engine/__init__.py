"""Probabilistic record linkage of person records, on Splink; no Django.

Steps: `prepare_all` (normalised names with Dutch particles apart, dates, sound keys and
capped blocking keys) → `train_model` (EM, a versioned `TrainedModel`) → `predict_pairs` →
`cluster` (union-find that respects the registrar's confirmed and rejected pairs). The
intake check (`intake.IntakeIndex`) looks one new record's blocking keys up in B-tree
tables (the registry's database) and scores the candidates with the same model's level
conditions (compiled to Python in `levels`), m and u probabilities and term frequencies.
"""
