"""Training progress as scikit-learn's callbacks see it (``sklearn.callback``).

A fit is a tree of tasks: the root ``"fit"``; under it one ``"network"`` per network
of an ensemble (``n_models`` > 1); under each, one leaf per ``"epoch"`` (an L-BFGS
``"iteration"``). Every task's ``on_fit_task_begin`` and ``on_fit_task_end`` hooks get
the training ``X``, ``y`` and ``metadata`` (``{"sample_weight": ...}`` or None), and,
lazily, ``fitted_estimator``: a copy of the estimator as if the fit had stopped there
(the networks trained so far and the current one's weights), ready to predict and
score. An epoch's end hook that returns True stops that network's training there, as
if it had converged (no ``ConvergenceWarning``); the next network, if any, trains.

`FitProgress` is the bridge: the training layer knows only its monitor protocol
(``epoch_begins()``, ``epoch_ends(params) -> stop``, see ``skrnn._training.train``).
Estimators that learn in one pass (`SequenceScaler`, `EchoStateEncoder`, the sequence
transforms) report one task without subtasks (`one_fit_task`), as scikit-learn's
`StandardScaler` does, so that callbacks pass through a pipeline of them.
"""
import dataclasses
import functools

import numpy as np

from .._compat import CALLBACKS, with_callbacks


@dataclasses.dataclass(frozen=True)
class FitInputs:
    """What the hooks see of a fit: the user's X and y, the sample weights, and the
    fitted attributes that the fit sets once it succeeds (a ``fitted_estimator`` needs
    them earlier)."""

    X: object
    y: object = None
    sample_weight: object = None
    fitted: dict = dataclasses.field(default_factory=dict)

    @property
    def metadata(self):
        return None if self.sample_weight is None else {"sample_weight":
                                                        self.sample_weight}


class FitProgress:
    """The callback tasks of one fit of ``estimator`` training ``n_members`` networks
    of ``n_epochs`` epochs each (``leaf`` names an epoch). Without callbacks (none set,
    or a scikit-learn without the API) every method does nothing."""

    def __init__(self, estimator, inputs, model, n_members, n_epochs, leaf="epoch"):
        self.estimator, self.inputs, self.model = estimator, inputs, model
        self.n_members, self.n_epochs, self.leaf = n_members, n_epochs, leaf
        self.trained = []  # the states of the networks already trained
        self.active = CALLBACKS and hasattr(estimator, "_init_callback_context")
        self.stopped = False
        if self.active:
            self.root = estimator._init_callback_context(
                max_subtasks=n_members if n_members > 1 else n_epochs)
            self._begin(self.root)

    def network(self, i):
        """The monitor of network ``i`` (its epochs' tasks), to give to ``train``."""
        if not self.active:
            return None
        parent = self.root
        if self.n_members > 1:
            parent = self.root.subcontext(task_name="network", max_subtasks=self.n_epochs)
            self._begin(parent)
        return EpochTasks(self, parent)

    def network_ends(self, monitor, state):
        """Network ``state`` is trained (``monitor`` was its monitor). Every network
        of an ensemble trains: a callback's request to stop ends epochs, not the
        ensemble (so that a fit always has ``n_models`` networks)."""
        self.trained.append(state)
        if self.active:
            monitor.close()
            if self.n_members > 1:
                self._end(monitor.parent)

    def ends(self):
        """The fit's root task ends (the fit has trained all it will)."""
        if self.active:
            self._end(self.root)

    # ------------------------------------------------------------------ hooks
    def _begin(self, context):
        context.call_on_fit_task_begin(
            estimator=self.estimator, X=self.inputs.X, y=self.inputs.y,
            metadata=self.inputs.metadata)

    def _end(self, context, state=None, params=None):
        return bool(context.call_on_fit_task_end(
            estimator=self.estimator, X=self.inputs.X, y=self.inputs.y,
            metadata=self.inputs.metadata,
            reconstruction_attributes=lambda: self._fitted(state, params)))

    def _fitted(self, state=None, params=None):
        """The attributes that make a copy of the estimator fitted as of now: the
        networks trained so far, then (mid-training) ``state`` with weights
        ``params``."""
        members = list(self.trained)
        if state is not None:
            members.append(dataclasses.replace(  # a copy in the network's dtype
                state, params=np.array(params, dtype=state.params.dtype), loss_curve=list(state.loss_curve),
                validation_scores=None if state.validation_scores is None
                else list(state.validation_scores)))
        fitted = {k: v for k, v in self.inputs.fitted.items()
                  if not (k == "feature_names_in_" and v is None)}
        return {**fitted, "_model": self.model, "_state": members[0],
                "_members": members, **training_attributes(members[0])}


class EpochTasks:
    """The training layer's monitor for one network: a leaf task per epoch under
    ``parent``."""

    def __init__(self, progress, parent):
        self.progress, self.parent = progress, parent
        self.state = None  # the network's TrainingState, set before training starts
        self.task = None

    def epoch_begins(self):
        self.task = self.parent.subcontext(task_name=self.progress.leaf)
        self.progress._begin(self.task)

    def epoch_ends(self, params):
        task, self.task = self.task, None
        return self.progress._end(task, self.state, params)

    def close(self):
        """End a task that began but never ran (L-BFGS begins the next iteration
        before it knows there is none), without attributes, as scikit-learn does."""
        if self.task is not None:
            self.task.call_on_fit_task_end(estimator=self.progress.estimator)
            self.task = None


def training_attributes(state):
    """The fitted attributes of a training run (MLP's names)."""
    return {"params_": state.params, "loss_curve_": state.loss_curve,
            "validation_scores_": state.validation_scores,
            "best_loss_": state.best_loss,
            "best_validation_score_": state.best_validation_score,
            "n_iter_": state.n_iter, "t_": state.t}


def one_fit_task(method):
    """Report ``method`` (``fit``, ``partial_fit`` or ``fit_transform`` of a
    one-pass estimator) as one fit task without subtasks, ended once it succeeds."""

    @functools.wraps(method)
    def reported(estimator, X, y=None, **kwargs):
        if not (CALLBACKS and hasattr(estimator, "_init_callback_context")):
            return method(estimator, X, y, **kwargs)
        context = estimator._init_callback_context(max_subtasks=0)
        context.call_on_fit_task_begin(estimator=estimator, X=X, y=y)
        result = method(estimator, X, y, **kwargs)
        context.call_on_fit_task_end(estimator=estimator, X=X, y=y,
                                     reconstruction_attributes={})
        return result

    return with_callbacks(reported)
