"""What the training loop is given: the data (`TrainingData`), the settings
(`TrainingConfig`) and the state it carries between calls (`TrainingState`)."""
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np


@dataclass(frozen=True)
class TrainingData:
    """Training sequences, targets and everything per task the loop must know, as data.

    Parameters
    ----------
    X : ndarray of shape (n_samples, max_length, n_features)
        Zero-padded sequences; only ``X[i, :lengths[i]]`` is real.
    lengths : ndarray of shape (n_samples,)
    targets : ndarray of shape (n_samples, n_outputs), or (n_samples, max_length,
        n_outputs) when ``per_step``
        Encoded targets, in the model's dtype.
    sample_weight : ndarray of shape (n_samples,)
        Weight of each sequence in the loss (of each of its steps, when ``per_step``);
        class weights are already multiplied in.
    per_step : bool, default=False
        Targets at every real step (many-to-many) instead of one per sequence.
    stratify : ndarray of shape (n_samples,) or None
        Labels to stratify the early-stopping validation split by (classification).
    steps_to_end : ndarray of shape (n_samples,) or None
        How many steps before the end of its series each row stops (0: the most
        recent). When given, early stopping holds out the most recent rows (forecasting)
        instead of a random share.
    observed : ndarray of shape (n_samples, max_length) of bool, or None
        Per-step targets with gaps: True at the real steps that have a target; the
        others are left out of the loss and the validation score. None: every real
        step has one.
    static : ndarray of shape (n_samples, n_static) or None
        Static (per-sequence) inputs, standardised, in the model's dtype.
    previous : ndarray of shape (n_samples,) of int, or None
        Stateful training: row ``previous[i]`` (-1 for none) is the chunk before row
        ``i``, whose final state is row ``i``'s initial state, recomputed every epoch
        (truncated BPTT: no gradient flows across).
    redraw : callable or None
        ``redraw(rng)`` gives this data with freshly drawn rows (the same number, same
        shapes), e.g. windows cut from a new random offset of a long stream; the
        stochastic loop calls it before every epoch but a state's first, with the
        training's own random stream. None: the same rows every epoch.
    """

    X: np.ndarray
    lengths: np.ndarray
    targets: np.ndarray
    sample_weight: np.ndarray
    per_step: bool = False
    stratify: Optional[np.ndarray] = None
    steps_to_end: Optional[np.ndarray] = None
    previous: Optional[np.ndarray] = None
    observed: Optional[np.ndarray] = None
    static: Optional[np.ndarray] = None
    redraw: Optional[Callable] = None

    @property
    def n_samples(self):
        return len(self.lengths)


@dataclass(frozen=True)
class TrainingConfig:
    """The estimator's training hyperparameters, with `MLPClassifier`'s meanings."""

    solver: str = "adam"
    learning_rate_init: float = 0.001
    learning_rate: str = "constant"
    power_t: float = 0.5
    momentum: float = 0.9
    nesterovs_momentum: bool = True
    beta_1: float = 0.9
    beta_2: float = 0.999
    epsilon: float = 1e-8
    alpha: float = 0.0001
    batch_size: object = "auto"
    max_iter: int = 200
    shuffle: bool = True
    clip_norm: Optional[float] = None
    clip_value: Optional[float] = None
    early_stopping: bool = False
    validation_fraction: float = 0.1
    n_iter_no_change: int = 10
    tol: float = 1e-4
    verbose: bool = False

    @classmethod
    def from_params(cls, params):
        """The config from an estimator's ``get_params()`` (other keys are ignored)."""
        return cls(**{name: params[name] for name in cls.__dataclass_fields__
                      if name in params})


@dataclass
class TrainingState:
    """What training carries from one call to the next (``warm_start``, ``partial_fit``):
    the parameters, the optimizer, the random stream and the history that becomes the
    estimator's ``loss_curve_``, ``n_iter_``, ``t_``, ... (see `new_state`)."""

    params: np.ndarray
    optimizer: object
    rng: np.random.RandomState
    loss_curve: list = field(default_factory=list)
    validation_scores: Optional[list] = None
    best_loss: Optional[float] = None
    best_validation_score: Optional[float] = None
    n_iter: int = 0
    t: int = 0
    no_improvement_count: int = 0
