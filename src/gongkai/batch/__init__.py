"""Batch audit (DESIGN.md layer 5): a folder of published reports in, one table of cells,
the findings and a dashboard out.

One module per job: :mod:`discover` (which files, their content hash), :mod:`worker`
(pure: one file's bytes to rows), :mod:`runners` (the same work in a local process pool or
on a Dask cluster), :mod:`store` (the SQLite file results are committed to as they
arrive, so a killed run loses nothing), :mod:`years` (the same agency's previous report,
for the cross-year rules), :mod:`export` (CSV, Parquet, XLSX derived from the store),
:mod:`dashboard` (the static HTML pages) and :mod:`run` (the steps in order).
:mod:`synth` writes generated corpora with planted errors for tests and benchmarks.
"""
