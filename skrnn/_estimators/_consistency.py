"""Consistency checks of estimators built from a file (`skrnn.load`): the sizes the
numba kernels rely on.

The kernels index parameter vectors and states with the sizes a network's attributes
give, without bounds checks, and a file states every attribute independently. So each
fitted skrnn estimator that `load` builds is checked to be as a fit makes it: its model
rebuilt from the model's own hyperparameters equals the loaded one (network layouts
included), every parameter vector and optimizer state has the model's size and dtype,
and the networks read as many inputs as the estimator's data has; an echo state
encoder's weights have the shapes its hyperparameters give. A mismatch is a ValueError
naming the attribute.
"""
from numbers import Integral

import numpy as np

from .._models import AutoencoderModel, SequenceModel, n_input_columns
from .._network import RNNNetwork
from .._training import OPTIMIZERS, TrainingState
from ._base import BaseRNN
from ._echo_state import EchoStateEncoder
from ._encoder import RNNEncoder
from ._forecast import RNNForecaster
from ._language_model import RNNLanguageModel
from ._forecast._setup import ForecastContext, ForecastSetup
from ._forecast._windows import calendar_features

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
_SCALARS = (type(None), bool, int, float, str, np.generic)  # tuples of them: one value
_IGNORED = ("n_threads",)  # set from n_jobs, not a size: any value is consistent
_ERRORS = (TypeError, ValueError, KeyError, AttributeError, IndexError)
# what RNNNetwork makes its cell adapter from, besides the cell's name
_CELL_OPTIONS = [{"activation": activation, "gru_variant": variant}
                 for activation in ("tanh", "relu") for variant in ("pytorch", "cho")]


def check_consistency(objects):
    """Check every fitted skrnn estimator among ``objects``, (object, path) pairs."""
    for obj, path in objects:
        attributes = vars(obj)
        if isinstance(obj, BaseRNN) and "params_" in attributes:
            _check_rnn(obj, path)
        elif isinstance(obj, EchoStateEncoder) and any(
                k.endswith("_") and not k.startswith("__") for k in attributes):
            _check_reservoir(obj, path)


def _inconsistent(path, message):
    return ValueError(f"The file is inconsistent: {path} {message}.")


def _show(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if type(value).__module__.split(".")[0] == "skrnn":
        return f"a {type(value).__name__}"
    return f"{value!r:.80}"


def _positive_int(value):
    return isinstance(value, Integral) and not isinstance(value, bool) and value >= 1


def _check_type(value, cls, path):
    if type(value) is not cls:
        raise _inconsistent(path, f"is {_show(value)}, not a {cls.__name__}")


def _rebuild(build, path):
    try:
        return build()
    except _ERRORS as error:
        raise _inconsistent(path, f"cannot be rebuilt from its hyperparameters "
                                  f"({type(error).__name__}: {error})") from None


# -------------------------------------------------------------- trained estimators
def _check_rnn(est, path):
    attributes = vars(est)
    model, where = attributes.get("_model"), f"{path}._model"
    if isinstance(est, RNNEncoder):
        _check_type(model, AutoencoderModel, where)
        encoder = _network_like(getattr(model, "encoder", None), f"{where}.encoder")
        decoder = _network_like(model.encoder, f"{where}.encoder", num_layers=1,
                                hidden_size=encoder.output_size, bidirectional=False,
                                learn_init_state=False)
        _compare(_rebuild(lambda: AutoencoderModel(
            encoder, decoder, model.dropout, model.init,
            getattr(model, "embedding", None)), where), model, where)
        network, patch = model.encoder, 1
    else:
        _check_type(model, SequenceModel, where)
        network = _network_like(getattr(model, "network", None), f"{where}.network")
        n_static = getattr(model, "n_static", 0)
        _compare(_rebuild(lambda: SequenceModel(
            network, model.n_outputs, model.loss, model.dropout, model.pooling,
            model.patch_size, model.init, n_static, getattr(model, "static_mode", None),
            getattr(model, "embedding", None)), where), model, where)
        if n_static != attributes.get("n_static_in_", 0):
            raise _inconsistent(f"{path}.n_static_in_", f"is "
                                f"{attributes.get('n_static_in_')!r}, but the model reads "
                                f"{n_static} static features")
        network, patch = model.network, model.patch_size
    n_params, dtype = model.n_params, network.dtype
    _check_vector(attributes.get("params_"), n_params, dtype, f"{path}.params_")
    states = {name: attributes[name] for name in ("_state",) if name in attributes}
    if "_members" in attributes or isinstance(est, RNNForecaster):  # an ensemble
        members = attributes.get("_members")
        if not (isinstance(members, list) and members):
            raise _inconsistent(f"{path}._members", "is not a list of training states")
        states.update((f"_members[{i}]", state) for i, state in enumerate(members))
    if isinstance(est, RNNForecaster):
        _check_forecaster(est, model, path)
    elif isinstance(est, RNNLanguageModel):
        _check_language_model(est, model, path)
    else:
        width = network.input_size - n_input_columns(
            getattr(model, "static_mode", None), getattr(model, "n_static", 0))
        embedding = getattr(model, "embedding", None)
        if embedding is not None:  # token ids: one feature, embedded to embedding[1]
            if width != embedding[1] * patch or \
                    attributes.get("vocabulary_size_") != embedding[0]:
                raise _inconsistent(f"{path}._model.embedding", f"is {embedding!r}, but "
                                    f"the network reads {width} inputs ({patch!r} steps "
                                    f"at a time) and vocabulary_size_ is "
                                    f"{attributes.get('vocabulary_size_')!r}")
            width = patch
        _check_input_width(attributes, width, patch, path)
    for name, state in states.items():
        _check_state(state, n_params, dtype, f"{path}.{name}")


def _check_language_model(est, model, path):
    """The embedding and the head cover ``vocabulary_size_`` tokens, and the network
    reads the embedding."""
    size = vars(est).get("vocabulary_size_")
    embedding = getattr(model, "embedding", None)
    if embedding is None or embedding[0] != size or model.n_outputs != size or \
            model.network.input_size != embedding[1]:
        raise _inconsistent(f"{path}._model", f"does not read and predict the "
                            f"{size!r} tokens of vocabulary_size_ through an embedding")


def _check_input_width(attributes, input_size, patch, path):
    """Features per step (1 after a fit on 2-D X, see `check_feature_count`) times
    ``patch`` steps per recurrent step must be the network's input size."""
    on_2d, n_features = attributes.get("_fitted_on_2d"), attributes.get("n_features_in_")
    if not isinstance(on_2d, (bool, np.bool_)):
        raise _inconsistent(f"{path}._fitted_on_2d", f"is {on_2d!r}, not a boolean")
    per_step = 1 if on_2d else n_features
    if not (_positive_int(n_features) and _positive_int(patch)
            and per_step * patch == input_size):
        steps = "" if patch == 1 else f" ({patch!r} steps at a time)"
        raise _inconsistent(f"{path}.n_features_in_", f"is {n_features!r} (fitted on 2-D "
                            f"X: {bool(on_2d)}), but the network reads {input_size} inputs"
                            f"{steps}")


def _network_like(net, path, **sizes):
    """A new network of ``net``'s cell and hyperparameters, ``sizes`` overriding some."""
    _check_type(net, RNNNetwork, path)
    attributes = vars(net)
    for name in ("input_size", "hidden_size", "num_layers"):
        if not _positive_int(attributes.get(name)):
            raise _inconsistent(f"{path}.{name}", f"is {attributes.get(name)!r}, not a "
                                                  f"positive integer")
    for name in ("bidirectional", "learn_init_state"):
        if not isinstance(attributes.get(name), (bool, np.bool_)):
            raise _inconsistent(f"{path}.{name}", f"is {attributes.get(name)!r}, not a "
                                                  f"boolean")
    dtype = attributes.get("dtype")
    if not (isinstance(dtype, np.dtype) and dtype in _FLOATS):
        raise _inconsistent(f"{path}.dtype", f"is {dtype!r}, not float32 or float64")
    cell = attributes.get("cell")
    options = next((options for options in _CELL_OPTIONS if _difference(
        _rebuild(lambda: RNNNetwork(cell, **options).ops, path), attributes.get("ops"),
        path) is None), None)
    if options is None:
        raise _inconsistent(f"{path}.ops", f"is not a cell of the kind {cell!r}")
    hyper = {name: attributes[name] for name in ("input_size", "hidden_size", "num_layers",
                                                 "bidirectional", "learn_init_state",
                                                 "dtype")}
    return _rebuild(lambda: RNNNetwork(cell, **dict(hyper, **sizes), **options), path)


def _difference(expected, actual, path):
    """(path, message) of the first place where ``actual`` differs from ``expected``
    (compared attribute by attribute for skrnn objects), or None."""
    if expected is actual:
        return None
    if type(expected) is not type(actual):
        return path, f"is {_show(actual)}, where its hyperparameters give {_show(expected)}"
    if isinstance(expected, np.ndarray):
        if expected.shape == actual.shape and expected.dtype == actual.dtype and \
                np.array_equal(expected, actual):
            return None
        pairs = None
    elif isinstance(expected, dict):
        missing = [key for key in expected if key not in actual]
        extra = [key for key in actual if key not in expected]
        if missing or extra:
            return path, (f"lacks {missing[0]!r}, which its hyperparameters give"
                          if missing else f"has {extra[0]!r}, which its hyperparameters "
                                          f"do not give")
        pairs = [(f"{path}[{k!r}]", expected[k], actual[k]) for k in expected] \
            if list(expected) == list(actual) else None
    elif isinstance(expected, (list, tuple)) and not all(
            isinstance(item, _SCALARS) for item in expected):
        pairs = [(f"{path}[{i}]", a, b) for i, (a, b) in enumerate(zip(expected, actual))] \
            if len(expected) == len(actual) else None
    elif type(expected).__module__.split(".")[0] == "skrnn" and \
            hasattr(expected, "__dict__"):
        given = vars(actual)
        missing = [name for name in vars(expected) if name not in given]
        if missing:
            return f"{path}.{missing[0]}", "is missing"
        pairs = [(f"{path}.{name}", value, given[name])
                 for name, value in vars(expected).items() if name not in _IGNORED]
    else:
        pairs = [] if expected == actual else None
    if pairs is None:
        return path, f"is {_show(actual)}, where its hyperparameters give {_show(expected)}"
    for where, a, b in pairs:
        found = _difference(a, b, where)
        if found is not None:
            return found
    return None


def _compare(expected, actual, path):
    found = _difference(expected, actual, path)
    if found is not None:
        raise _inconsistent(*found)


def _check_vector(value, size, dtype, path):
    if not (isinstance(value, np.ndarray) and value.shape == (size,) and
            value.dtype == dtype):
        raise _inconsistent(path, f"is {_show(value)}, but the model has {size} "
                                  f"parameters of dtype {dtype}")


def _check_state(state, size, dtype, path):
    """A training state's parameters and its optimizer's arrays (shaped as them)."""
    _check_type(state, TrainingState, path)
    _check_vector(vars(state).get("params"), size, dtype, f"{path}.params")
    optimizer = vars(state).get("optimizer")
    if optimizer is None:  # L-BFGS keeps no optimizer
        return
    cls = type(optimizer)
    if cls not in OPTIMIZERS.values():
        raise _inconsistent(f"{path}.optimizer", f"is {_show(optimizer)}, not an "
                                                 f"optimizer")
    for name in ("params", "_buf", *cls._arrays):
        value = vars(optimizer).get(name)
        if value is not None or name not in cls._arrays:  # unused state arrays are None
            _check_vector(value, size, dtype, f"{path}.optimizer.{name}")


def _check_forecaster(est, model, path):
    """The network's input and output widths against the forecaster's data setup."""
    attributes = vars(est)
    setup, context = attributes.get("_setup"), attributes.get("_context")
    _check_type(setup, ForecastSetup, f"{path}._setup")
    _check_type(context, ForecastContext, f"{path}._context")
    try:
        roles = setup.roles
        n_t, n_p, n_f = roles.target.size, roles.past.size, roles.future.size
        n_calendar = calendar_features(context.times[0], setup.freq).shape[1] \
            if setup.calendar else 0
        direct = setup.strategy == "direct"
        n_static = getattr(model, "n_static", 0)
        width = n_t + n_p + n_f + n_calendar + int(direct) + n_input_columns(
            getattr(model, "static_mode", None), n_static)
        n_outputs = setup.horizon * n_t if direct else n_t + n_p
    except _ERRORS as error:
        raise _inconsistent(f"{path}._setup", f"cannot be read ({error})") from None
    n_features = attributes.get("n_features_in_")
    if n_features != n_t + n_p + n_f + n_static:
        raise _inconsistent(f"{path}.n_features_in_", f"is {n_features!r}, but the "
                            f"forecaster's setup has {n_t + n_p + n_f + n_static} "
                            f"columns")
    expected = {"network.input_size": (model.network.input_size, width),
                "n_outputs": (model.n_outputs, n_outputs),
                "patch_size": (model.patch_size, 1)}
    for name, (value, wanted) in expected.items():
        if value != wanted:
            raise _inconsistent(f"{path}._model.{name}", f"is {value!r}, but the "
                                f"forecaster's setup makes it {wanted}")


# ------------------------------------------------------------------- echo states
def _check_reservoir(est, path):
    try:
        est._validate_params()
    except (TypeError, ValueError, AttributeError) as error:
        raise _inconsistent(path, f"has invalid hyperparameters ({error})") from None
    attributes = vars(est)
    n_features = attributes.get("n_features_in_")
    if not _positive_int(n_features):
        raise _inconsistent(f"{path}.n_features_in_", f"is {n_features!r}, not a "
                                                      f"positive integer")
    H = est.n_reservoir
    D = 1 if "n_timesteps_in_" in attributes else n_features  # 2-D X: 1 feature a step
    dtype = np.dtype(est.dtype)
    for name, shape in (("W_in_", (H, D)), ("W_", (H, H)), ("bias_", (H,))):
        value = attributes.get(name)
        if not (isinstance(value, np.ndarray) and value.shape == shape and
                value.dtype == dtype):
            raise _inconsistent(f"{path}.{name}", f"is {_show(value)}, but n_reservoir="
                                f"{H} and {D} features per step give shape {shape} and "
                                f"dtype {dtype}")
    n_components = H * est._n_blocks()
    if attributes.get("n_components_") != n_components:
        raise _inconsistent(f"{path}.n_components_", f"is "
                            f"{attributes.get('n_components_')!r}, but the "
                            f"hyperparameters give {n_components}")
