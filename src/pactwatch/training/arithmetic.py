"""The facts of a machine that decide a float result of training: the CPU and the SIMD
instructions numpy uses. The same data, seed and thread give the same weights byte for
byte on machines that share them; another CPU (another blis kernel, AVX-512 or not)
rounds differently and gives slightly different weights. ``make model`` records these
facts beside the weights, so a check knows which to expect."""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

try:  # numpy's own show_runtime reads it here; a later numpy may move it
    from numpy._core._multiarray_umath import __cpu_features__
except ImportError:  # then the SIMD set is unknown and recorded as empty
    __cpu_features__ = {}

ARITHMETIC_FILE = "trained_on.json"


def arithmetic() -> dict[str, Any]:
    """An empty ``simd`` list means numpy did not say which instructions it uses."""
    return {"machine": platform.machine(), "cpu": _cpu_name(),
            "simd": sorted(name for name, on in __cpu_features__.items() if on)}


def _cpu_name() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return platform.processor()
    fields = {key.strip(): value.strip()
              for key, _, value in (line.partition(":") for line in lines)}
    return " ".join(fields.get(k, "") for k in ("vendor_id", "model name")).strip()
