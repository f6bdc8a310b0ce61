import os

from hypothesis import HealthCheck, settings

# No deadlines: exact arithmetic on large random denominators has erratic timings, and timings
# belong in benchmarks. CI runs the same number of examples as a developer, derandomised so
# that a red CI run reproduces.
settings.register_profile("dev", deadline=None, max_examples=100)
settings.register_profile(
    "ci", deadline=None, max_examples=100, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
