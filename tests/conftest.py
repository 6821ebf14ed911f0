"""Shared test setup: hypothesis profiles chosen by RULECHECK_HYPOTHESIS_PROFILE.

`ci` (default) is derandomized and small enough for a few minutes in CI; `long` runs at least
10,000 examples per property for deeper, opt-in runs; `dev` is quick for local iteration.
"""

import os

# Value classes are frozen by contract (engine/record.py); the suite enforces it, so a change that
# mutates a shared value fails here. Set before any engine module is imported.
os.environ.setdefault("RULECHECK_FROZEN", "1")

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile("long", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("RULECHECK_HYPOTHESIS_PROFILE", "ci"))

# Parsed rule files are cached on disk (engine.language.syntax.parse_cache); keep the suite's entries in a
# folder of its own, shared by the subprocesses it starts, instead of the user's ~/.cache.
if "RULECHECK_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _cache = tempfile.mkdtemp(prefix="rulecheck-test-cache-")
    os.environ["RULECHECK_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, True)

# Results of earlier runs are reused (engine.batch.result_cache) unless turned off: many tests patch an
# engine function and expect it to run, which no digest of the engine's source can see.
os.environ.setdefault("RULECHECK_RESULT_CACHE", "0")
