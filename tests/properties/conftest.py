"""Property tests of the surfaces that take untrusted input: the example budget and the
count of inputs each test tried.

The ``ci`` profile is loaded by default: a fixed number of examples per test, derandomized
(CI runs the same inputs every time, so a failure reproduces), no deadline (the machine is
shared and noisy) and no example database (nothing is written to the working tree). For a
longer local hunt, ``pytest tests/properties --hypothesis-profile=deep`` tries ten times as
many inputs from a fresh random seed each run.

Each test's inputs are counted as the test body is called (explicit ``@example`` cases and
any shrinking included) and summed up at the end of the session, one line per test.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

CI_EXAMPLES = 200

settings.register_profile(
    "ci", max_examples=CI_EXAMPLES, derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "deep", max_examples=10 * CI_EXAMPLES, derandomize=False, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

_HERE = Path(__file__).parent
_TRIED: Counter[str] = Counter()


def pytest_configure(config: pytest.Config) -> None:
    # Called as this conftest is registered, before the modules here are imported, so
    # their @settings inherit the profile. --hypothesis-profile still chooses another.
    settings.load_profile(config.getoption("--hypothesis-profile", None) or "ci")


def _counting(test: Callable[..., Any], key: str) -> Callable[..., Any]:
    @functools.wraps(test)
    def counted(*args: Any, **kwargs: Any) -> Any:
        _TRIED[key] += 1
        return test(*args, **kwargs)

    return counted


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    handle = getattr(getattr(item, "obj", None), "hypothesis", None)
    if handle is None or _HERE not in Path(str(item.path)).parents:
        yield
        return
    inner = handle.inner_test  # reassignable by design (HypothesisHandle's docstring)
    handle.inner_test = _counting(inner, item.nodeid.rsplit("/", 1)[-1])
    try:
        yield
    finally:
        handle.inner_test = inner


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _TRIED:
        return
    profile = settings.get_current_profile_name()
    terminalreporter.section(f"hypothesis inputs (profile {profile!r})")
    for test, count in sorted(_TRIED.items()):
        terminalreporter.write_line(f"hypothesis: {test} tried {count} inputs")
    terminalreporter.write_line(f"hypothesis: {sum(_TRIED.values())} inputs in all")
