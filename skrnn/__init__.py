"""skrnn: recurrent networks as scikit-learn estimators, with Numba kernels.

The names below load on first use (PEP 562), so ``import skrnn`` costs a few
milliseconds and ``from skrnn import RNNClassifier`` pays for scikit-learn, pandas and
numba only then; ``skrnn.datasets`` and the other public modules load the same way.
"""
import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0.dev0"

# Public name -> the private module that defines it.
_LAZY = {
    "EchoStateEncoder": "._estimators",
    "RNNClassifier": "._estimators",
    "RNNEncoder": "._estimators",
    "RNNForecaster": "._estimators",
    "RNNLanguageModel": "._estimators",
    "RNNRegressor": "._estimators",
    "load": "._persistence",
    "save": "._persistence",
    "precompile": "._precompile",
}
_SUBMODULES = ("datasets", "metrics", "plotting", "preprocessing", "text")

__all__ = list(_LAZY)

if TYPE_CHECKING:  # what static tools see; at run time `__getattr__` loads these
    from ._estimators import (EchoStateEncoder, RNNClassifier, RNNEncoder,  # noqa: F401
                              RNNForecaster, RNNLanguageModel, RNNRegressor)
    from ._persistence import load, save  # noqa: F401
    from ._precompile import precompile  # noqa: F401


def __getattr__(name):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module("." + name, __name__)
    else:
        raise AttributeError(f"module 'skrnn' has no attribute {name!r}")
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__) | set(_SUBMODULES))
