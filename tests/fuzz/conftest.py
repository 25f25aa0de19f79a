"""The fuzzing suite: property-based tests (hypothesis) over the xlsx reader, the formula
parser and evaluator, and each importer.

Every file here is named ``test_fuzz_<part>.py``. Two budgets, chosen by the environment
variable ``SOCROI_FUZZ``:

* ``ci`` (default): a bounded number of examples per test, so ``make test`` stays fast;
* ``nightly``: many more examples (``make fuzz``), for a long run outside CI.

A crash the fuzzer finds is fixed and kept as an ordinary test (with ``@example`` or a plain
test beside the others), so it is checked on every run from then on.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
settings.register_profile(
    "nightly",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("SOCROI_FUZZ", "ci"))
