"""The XLSForm runtime: load, evaluate, validate, map onto entities. Pure Python, no Qt."""
