"""Process-wide tuning that a long-running Neuvo process applies once it has started."""

import gc

# Slot search builds tens of thousands of short-lived tuples per request. With the default
# thresholds the cyclic collector then walks every long-lived object (the app, SQLAlchemy's
# caches, modules) many times a second, which showed as 60-70 ms tails on a 40 ms search.
GC_THRESHOLDS = (20_000, 50, 100)


def tune_gc() -> None:
    """Move what start-up built out of the collector's sight and collect less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
