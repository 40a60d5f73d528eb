"""The model layer: networks with their heads and losses, trained by ``skrnn._training``.

A model follows the training loop's protocol (``penalised``, ``loss_grad``, ``score``,
``carried_states``; see ``skrnn._training``) and adds what inference needs. Models know
no estimator: they read a `TrainingData` and return arrays.

- `SequenceModel`: a recurrent network and a linear head with a loss (classifier,
  regressor, forecaster).
- `AutoencoderModel`: encoder and decoder networks and a head (`RNNEncoder`).
"""
from ._autoencoder import AutoencoderModel, reverse_steps
from ._losses import LOSSES, log_softmax, softmax
from ._pooling import POOLINGS
from ._sequence import SequenceModel
from ._static import STATIC_MODES, n_input_columns

__all__ = ["LOSSES", "POOLINGS", "STATIC_MODES", "AutoencoderModel", "SequenceModel",
           "log_softmax", "n_input_columns", "reverse_steps", "softmax"]
