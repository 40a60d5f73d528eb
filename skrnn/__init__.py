"""skrnn: recurrent networks as scikit-learn estimators, with Numba kernels."""
from ._estimators import (EchoStateEncoder, RNNClassifier, RNNEncoder, RNNForecaster,
                          RNNLanguageModel, RNNRegressor)
from ._persistence import load, save
from ._precompile import precompile

__version__ = "0.1.0.dev0"
__all__ = ["EchoStateEncoder", "RNNClassifier", "RNNEncoder", "RNNForecaster",
           "RNNLanguageModel", "RNNRegressor"]
__all__ += ["load", "precompile", "save"]
