"""Benchmarks: the real bot against the fake Bot API server on loopback. `python -m bench`."""
