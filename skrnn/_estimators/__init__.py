"""The estimator layer: scikit-learn's surface over the training loop and the models.

Each estimator adds its data preparation (a `TrainingData`), its model and its outputs
to `BaseRNN` (``_base``); `RNNClassifier` and `RNNRegressor` share the X -> y template
of ``_supervised``; `EchoStateEncoder` trains nothing and runs the network layer's
reservoir. `SequenceScaler`, `WindowAggregator` and `SequenceDifferencer` (public in
`skrnn.preprocessing`), `Tokenizer` (public in `skrnn.text`) and the forecast scorers
(public in `skrnn.metrics`) live here too.
"""
from ._classifier import RNNClassifier
from ._consistency import check_consistency
from ._echo_state import EchoStateEncoder
from ._encoder import RNNEncoder
from ._forecast import ForecastScorer, RNNForecaster, forecast_scorers, make_forecast_scorer
from ._language_model import RNNLanguageModel
from ._regressor import RNNRegressor
from ._scaler import SequenceScaler
from ._sequence_transforms import SequenceDifferencer, WindowAggregator
from ._tokenizer import SPECIAL_TOKENS, Tokenizer

__all__ = ["EchoStateEncoder", "ForecastScorer", "RNNClassifier", "RNNEncoder", "RNNForecaster",
           "RNNLanguageModel",
           "RNNRegressor", "SPECIAL_TOKENS", "SequenceDifferencer", "SequenceScaler",
           "Tokenizer", "WindowAggregator",
           "check_consistency", "forecast_scorers", "make_forecast_scorer"]
