"""skrnn: recurrent networks as scikit-learn estimators, with Numba kernels."""
from ._estimators import RNNClassifier, RNNRegressor
from ._encoder import RNNEncoder
from ._forecast import RNNForecaster
from .reservoir import EchoStateEncoder

__version__ = "0.1.0.dev0"
__all__ = ["RNNClassifier", "RNNRegressor", "RNNForecaster", "RNNEncoder", "EchoStateEncoder"]
