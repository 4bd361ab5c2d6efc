"""Benchmarks: ``python -m bench.<name>`` prints JSON lines {"metric", "value", "unit", ...}.

The contract every ``bench/<name>.py`` keeps (``tests/test_benches.py`` finds the modules by
themselves and checks it on every CI run, so a benchmark cannot rot unnoticed):

- ``METRICS``: a module-level tuple of the metric names the module prints; document each in
  the module docstring.
- ``--small``: a command-line flag that runs a size taking seconds, not minutes. It prints
  every metric of ``METRICS`` at least once (more lines, and extra metrics, are allowed).
- Each stdout line is one JSON object with ``metric`` (str), ``value`` (a finite number) and
  ``unit`` (str), plus any extra keys; nothing else goes to stdout (warnings go to stderr).
- Importing the module runs nothing (``main`` under ``if __name__ == "__main__"``).
- Optional: ``small_unavailable() -> str | None`` returns why ``--small`` cannot run on this
  machine now (e.g. ``bench.packaging`` without a built bundle), or None; the test then skips
  with that reason. Use it only for a missing artefact that CI builds, never for slowness.

Modules whose name starts with ``_`` are helpers, not benchmarks. Figures are never asserted;
a ratio to a baseline measured in the same run is the figure to quote.
"""
