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

The first time a process has to compile a kernel (no cached copy for this machine, this
numba and this source yet), the ``"skrnn"`` logger says so once, before the compilation
starts, at WARNING level so that Python's default handler shows it on stderr.
"""
import logging

from numba import njit
from numba.core import event

#: Logged once per process, when the first skrnn kernel starts compiling.
COMPILE_NOTICE = (
    "skrnn is compiling its numba kernels, once per cell and dtype on this machine: this "
    "call takes some seconds longer, later ones and later processes load the compiled "
    "code from numba's cache. skrnn.precompile() does it ahead of time; "
    "logging.getLogger('skrnn').setLevel(logging.ERROR) silences this notice.")

logger = logging.getLogger("skrnn")

JIT_OPTIONS = {"cache": True, "nogil": True, "error_model": "numpy", "fastmath": False}


def jit(func):
    """Compile ``func`` with skrnn's kernel options; marks it as a kernel for the tests."""
    compiled = njit(**JIT_OPTIONS)(func)
    compiled.__skrnn_kernel__ = True
    return compiled


class _CompileNotice(event.Listener):
    """Logs `COMPILE_NOTICE` when numba starts compiling the first skrnn kernel of the
    process. numba announces "numba:compile" only on a cache miss, so loading cached
    code says nothing."""

    def __init__(self):
        self.told = False

    def on_start(self, ev):
        if not self.told and getattr(ev.data["dispatcher"], "__skrnn_kernel__", False):
            self.told = True
            logger.warning(COMPILE_NOTICE)

    def on_end(self, ev):
        pass


compile_notice = _CompileNotice()
event.register("numba:compile", compile_notice)
