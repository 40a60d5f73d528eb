"""The one numba decorator every skrnn kernel uses.

Kept in one place so that the compile options are the same everywhere and a test can
check that every kernel goes through it:

- ``cache=True``: compiled code is written next to the module, so a fresh process loads it
  in a fraction of a second instead of recompiling (only module-level functions cache).
- ``error_model="numpy"``: division by zero gives inf/nan instead of raising; the Python
  error model adds a branch per division that stops LLVM from vectorising the gate loops.
- ``nogil=True``: kernels release the GIL so batch shards can run on several threads.
- ``fastmath`` stays off: gradient code must keep IEEE semantics (NaN checks, exact
  float64 gradient checks).
"""
from numba import njit

JIT_OPTIONS = {"cache": True, "nogil": True, "error_model": "numpy", "fastmath": False}


def jit(func):
    """Compile ``func`` with skrnn's kernel options; marks it as a kernel for the tests."""
    compiled = njit(**JIT_OPTIONS)(func)
    compiled.__skrnn_kernel__ = True
    return compiled
