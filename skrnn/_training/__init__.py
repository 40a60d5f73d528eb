"""The training layer: a loop that knows no estimator.

It trains any *model* that follows this small protocol (``skrnn._models`` has two):

``model.penalised``
    Boolean array (n_params,): where L2 applies (weights, not biases, as in MLP).
``model.loss_grad(params, data, rows, *, rng, states)``
    The weighted mean loss over rows ``rows`` of a `TrainingData` and its gradient
    (n_params,) in ``params``' dtype, without the L2 term. ``rng`` draws dropout masks;
    None means a deterministic objective (L-BFGS). ``states`` is what
    ``carried_states`` returned, or None.
``model.score(params, data, rows)``
    A validation score of those rows, greater is better (early stopping).
``model.carried_states(params, data)``
    Initial states of every row for stateful training (``data.previous``), computed
    with the current weights; called once per epoch, only when ``data.previous`` is set.

Everything per task comes as data (`TrainingData`: sample and class weights, labels to
stratify by, recency of forecasting windows, chunks that carry states), the settings as
a `TrainingConfig`, and what persists between calls (parameters, optimizer, random
stream, history) as a `TrainingState`. `train` owns minibatching, the optimizers and
their schedules, clipping, L2, early stopping with best-weights restore, the divergence
guard, L-BFGS and progress lines.
"""
from ._data import TrainingConfig, TrainingData, TrainingState
from ._loop import new_state, train
from ._optim import OPTIMIZERS

__all__ = ["OPTIMIZERS", "TrainingConfig", "TrainingData", "TrainingState", "new_state",
           "train"]
