"""First-order optimizers that update one flat parameter vector in place.

The estimators keep every trainable number of a model (recurrent layers and output head)
in one contiguous array whose slices are the layers' parameter views, and backpropagation
fills one gradient vector of the same layout. An optimizer thus sees two plain arrays and
nothing of the network's structure: each update is a few element-wise numpy operations on
whole vectors, written with ``out=`` and augmented assignment so that a minibatch step
allocates nothing, with all state in the dtype of ``params`` (float32 stays float32).

Learning-rate semantics are those of scikit-learn's ``MLPClassifier`` (``learning_rate``,
``learning_rate_init``, ``momentum``, ``nesterovs_momentum``, ``power_t``): the training
loop calls ``iteration_ends`` after each epoch and ``trigger_stopping`` when the loss
stops improving, as ``MLPClassifier`` does.
"""
import inspect
import math

import numpy as np

_SCHEDULES = ("constant", "invscaling", "adaptive")


class _Optimizer:
    """Shared part: parameter vector, scratch buffer, state in ``_scalars`` (numbers)
    and ``_arrays`` (shaped like ``params``; one set to None is not part of the state)."""

    _scalars = ("learning_rate",)
    _arrays = ()

    def __init__(self, params, learning_rate_init):
        if not isinstance(params, np.ndarray) or params.dtype.kind != "f":
            raise TypeError("params must be a floating-point ndarray, got "
                            f"{type(params).__name__}")
        self.params = params
        self.learning_rate_init = float(learning_rate_init)
        self.learning_rate = self.learning_rate_init
        self._buf = np.empty_like(params)  # scratch space reused by every update

    def _init_velocity(self, momentum):
        if momentum < 0:
            raise ValueError(f"momentum must be >= 0, got {momentum}")
        self.momentum = float(momentum)
        self.velocity = np.zeros_like(self.params) if self.momentum > 0 else None

    def _check(self, grad):
        if grad.shape != self.params.shape:
            raise ValueError(f"grad has shape {grad.shape}, params {self.params.shape}")

    def iteration_ends(self, time_step):
        """End-of-epoch hook; ``time_step`` is the number of samples seen so far."""

    schedule = "constant"

    def _check_schedule(self, learning_rate, allowed=_SCHEDULES):
        if learning_rate not in allowed:
            raise ValueError(f"learning_rate must be one of {allowed}, "
                             f"got {learning_rate!r}")
        self.schedule = learning_rate

    @property
    def step_size(self):
        """The step size the schedule controls (before Adam's bias correction)."""
        return self.learning_rate

    def _reduce(self, factor):
        self.learning_rate /= factor

    def trigger_stopping(self, msg, verbose):
        """Whether to stop now that the loss no longer improves (printing ``msg`` and
        the decision when ``verbose``): True, except with ``'adaptive'``, which divides
        the step size by 5 and goes on until it is at most 1e-6 (MLP's rule)."""
        if self.schedule != "adaptive":
            if verbose:
                print(msg + " Stopping.")
            return True
        if self.step_size <= 1e-6:
            if verbose:
                print(msg + " Learning rate too small. Stopping.")
            return True
        self._reduce(5.0)
        if verbose:
            print(msg + f" Setting learning rate to {self.step_size:f}")
        return False

    def state_dict(self):
        """Picklable snapshot of the mutable state (copied arrays and Python numbers),
        hyperparameters excluded."""
        state = {name: getattr(self, name) for name in self._scalars}
        state.update((name, getattr(self, name).copy()) for name in self._arrays
                     if getattr(self, name) is not None)
        return state

    def load_state_dict(self, state):
        """Copy a :meth:`state_dict` snapshot (same class, parameter shape, and with or
        without momentum) into this optimizer."""
        expected = set(self._scalars) | {n for n in self._arrays
                                         if getattr(self, n) is not None}
        if set(state) != expected:
            raise ValueError(f"state keys {sorted(state)}, expected {sorted(expected)}")
        for name in expected - set(self._scalars):
            if np.shape(state[name]) != self.params.shape:
                raise ValueError(f"state[{name!r}] has shape {np.shape(state[name])}, "
                                 f"params {self.params.shape}")
            np.copyto(getattr(self, name), state[name])
        for name in self._scalars:
            setattr(self, name, type(getattr(self, name))(state[name]))


class SGD(_Optimizer):
    """Stochastic gradient descent: plain, with momentum, or with Nesterov's momentum.

    ``v <- momentum * v - learning_rate * grad``; the step added to ``params`` is ``v``,
    or ``momentum * v - learning_rate * grad`` with Nesterov.

    Parameters
    ----------
    params : ndarray of floating dtype, updated in place
    learning_rate_init : float, default=0.1
        Initial step size.
    learning_rate : {'constant', 'invscaling', 'adaptive'}, default='constant'
        Schedule (kept as ``schedule``; the attribute ``learning_rate`` is the current
        step size). 'invscaling': ``learning_rate_init / (time_step + 1) ** power_t``
        at each ``iteration_ends``; 'adaptive': divided by 5 at each ``trigger_stopping``
        until it is at most 1e-6, then stop.
    momentum : float, default=0.9
        Velocity decay, ``>= 0``; 0 is plain SGD (no velocity stored).
    nesterov : bool, default=True
        Nesterov's look-ahead step (irrelevant when ``momentum == 0``).
    power_t : float, default=0.5
        Exponent of 'invscaling'.
    """

    _arrays = ("velocity",)

    def __init__(self, params, learning_rate_init=0.1, learning_rate="constant",
                 momentum=0.9, nesterov=True, power_t=0.5):
        super().__init__(params, learning_rate_init)
        self._check_schedule(learning_rate)
        self.nesterov = bool(nesterov)
        self.power_t = float(power_t)
        self._init_velocity(momentum)

    def update(self, grad):
        """One step in place on ``params`` for the minibatch gradient ``grad``."""
        self._check(grad)
        step = np.multiply(grad, -self.learning_rate, out=self._buf)
        v = self.velocity
        if v is not None:
            v *= self.momentum
            v += step
            if self.nesterov:  # add momentum * v - lr * grad in two parts, no temporary
                self.params += step
                step = np.multiply(v, self.momentum, out=self._buf)
            else:
                step = v
        self.params += step

    def iteration_ends(self, time_step):
        """End-of-epoch hook; ``time_step`` is the number of samples seen so far."""
        if self.schedule == "invscaling":
            self.learning_rate = self.learning_rate_init / (time_step + 1) ** self.power_t


class Adam(_Optimizer):
    """Adam (Kingma & Ba, 2015), the bias correction folded into the step size.

    After ``t`` updates, ``learning_rate`` is ``learning_rate_init * sqrt(1 - beta_2**t)
    / (1 - beta_1**t)`` (as ``MLPClassifier`` reports it) and the step is
    ``-learning_rate * m / (sqrt(v) + epsilon)``.

    Parameters
    ----------
    params : ndarray of floating dtype, updated in place
    learning_rate_init : float, default=0.001
    beta_1, beta_2 : float, default=0.9, 0.999
        Decay rates of the moment estimates ``m`` and ``v``, in [0, 1).
    epsilon : float, default=1e-8
        Added to ``sqrt(v)``.
    learning_rate : {'constant', 'invscaling', 'adaptive'}, default='constant'
        'adaptive': the step size ``learning_rate_init * scale`` is divided by 5 at
        each ``trigger_stopping`` until it is at most 1e-6, then stop; 'invscaling' is
        SGD's only and means 'constant' here, as in MLPClassifier.
    """

    _scalars = ("learning_rate", "t", "scale")
    _arrays = ("m", "v")

    def __init__(self, params, learning_rate_init=0.001, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-8, learning_rate="constant"):
        super().__init__(params, learning_rate_init)
        self._check_schedule(learning_rate)
        self.scale = 1.0  # reduced by the 'adaptive' schedule
        self.beta_1, self.beta_2 = float(beta_1), float(beta_2)
        self.epsilon = float(epsilon)
        self.t = 0
        self.m, self.v = np.zeros_like(params), np.zeros_like(params)

    def update(self, grad):
        """One step in place on ``params`` for the minibatch gradient ``grad``."""
        self._check(grad)
        b1, b2, buf = self.beta_1, self.beta_2, self._buf
        self.t += 1
        self.m *= b1
        self.m += np.multiply(grad, 1.0 - b1, out=buf)
        np.multiply(grad, grad, out=buf)
        buf *= 1.0 - b2
        self.v *= b2
        self.v += buf
        self.learning_rate = (self.learning_rate_init * self.scale
                              * math.sqrt(1.0 - b2 ** self.t) / (1.0 - b1 ** self.t))
        np.sqrt(self.v, out=buf)
        buf += self.epsilon
        np.divide(self.m, buf, out=buf)
        buf *= -self.learning_rate
        self.params += buf

    @property
    def step_size(self):
        return self.learning_rate_init * self.scale

    def _reduce(self, factor):
        self.scale /= factor


class RMSprop(_Optimizer):
    """RMSprop (Tieleman & Hinton, lecture 6e), with optional momentum on the step.

    ``s <- rho * s + (1 - rho) * grad**2`` and ``step = learning_rate * grad /
    (sqrt(s) + epsilon)``; then ``params -= step``, or with momentum
    ``v <- momentum * v - step`` and ``params += v``.

    Parameters
    ----------
    params : ndarray of floating dtype, updated in place
    learning_rate_init : float, default=0.001
        Constant step size.
    rho : float, default=0.9
        Decay rate of the mean square ``s`` (attribute ``square_avg``), in [0, 1).
    epsilon : float, default=1e-8
        Added to ``sqrt(s)``.
    momentum : float, default=0.0
        Velocity decay, ``>= 0``; 0 stores no velocity.
    learning_rate : {'constant', 'invscaling', 'adaptive'}, default='constant'
        'adaptive': divided by 5 at each ``trigger_stopping`` until at most 1e-6;
        'invscaling' means 'constant' here (SGD's only).
    """

    _arrays = ("square_avg", "velocity")

    def __init__(self, params, learning_rate_init=0.001, rho=0.9, epsilon=1e-8,
                 momentum=0.0, learning_rate="constant"):
        super().__init__(params, learning_rate_init)
        self._check_schedule(learning_rate)
        self.rho, self.epsilon = float(rho), float(epsilon)
        self.square_avg = np.zeros_like(params)
        self._init_velocity(momentum)

    def update(self, grad):
        """One step in place on ``params`` for the minibatch gradient ``grad``."""
        self._check(grad)
        s, buf = self.square_avg, self._buf
        s *= self.rho
        np.multiply(grad, grad, out=buf)
        buf *= 1.0 - self.rho
        s += buf
        np.sqrt(s, out=buf)
        buf += self.epsilon
        np.divide(grad, buf, out=buf)
        buf *= -self.learning_rate
        if self.velocity is not None:
            self.velocity *= self.momentum
            self.velocity += buf
            buf = self.velocity
        self.params += buf


OPTIMIZERS = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop}


def make_optimizer(solver, params, **hyper):
    """Build the optimizer named ``solver`` on ``params``, dropping unused keywords.

    Parameters
    ----------
    solver : {'sgd', 'adam', 'rmsprop'}
    params : ndarray of floating dtype, updated in place
    **hyper
        Any hyperparameters; those the class does not accept are ignored.
        ``nesterovs_momentum`` (``MLPClassifier``'s name) is read as ``nesterov``.

    Returns
    -------
    optimizer : SGD, Adam or RMSprop

    Examples
    --------
    >>> import numpy as np
    >>> opt = make_optimizer("adam", np.zeros(3), learning_rate_init=0.01, momentum=0.9)
    >>> type(opt).__name__, opt.learning_rate
    ('Adam', 0.01)
    """
    if not isinstance(solver, str) or solver not in OPTIMIZERS:
        raise ValueError(f"Unknown solver {solver!r}, expected one of "
                         f"{sorted(OPTIMIZERS)}")
    cls, hyper = OPTIMIZERS[solver], dict(hyper)
    if "nesterovs_momentum" in hyper:
        hyper.setdefault("nesterov", hyper.pop("nesterovs_momentum"))
    accepted = set(inspect.signature(cls).parameters) - {"params"}
    return cls(params, **{k: v for k, v in hyper.items() if k in accepted})
