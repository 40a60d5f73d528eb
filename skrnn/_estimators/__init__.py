"""The estimator layer: scikit-learn's surface over the training loop and the models.

Each estimator adds its data preparation (a `TrainingData`), its model and its outputs
to `BaseRNN` (``_base``); `RNNClassifier` and `RNNRegressor` share the X -> y template
of ``_supervised``; `EchoStateEncoder` trains nothing and runs the network layer's
reservoir.
"""
from ._classifier import RNNClassifier
from ._echo_state import EchoStateEncoder
from ._encoder import RNNEncoder
from ._forecast import RNNForecaster
from ._regressor import RNNRegressor

__all__ = ["EchoStateEncoder", "RNNClassifier", "RNNEncoder", "RNNForecaster", "RNNRegressor"]
