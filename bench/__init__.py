"""Benchmarks that print figures; run by hand with ``make bench`` (``python -m bench``)."""
