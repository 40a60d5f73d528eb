"""The allow-list: the classes `save` writes and `load` builds; the error for others."""
import functools
import importlib
import re

#: The scikit-learn classes `save` writes and `load` builds, by public dotted name.
#: Beside the containers and scalers, the linear readouts that follow skrnn's encoders
#: (their fitted state is arrays and scalars; LabelBinarizer is RidgeClassifier's own).
SKLEARN_CLASSES = ("sklearn.pipeline.Pipeline", "sklearn.pipeline.FeatureUnion",
                   "sklearn.preprocessing.StandardScaler",
                   "sklearn.preprocessing.MinMaxScaler",
                   "sklearn.preprocessing.MaxAbsScaler",
                   "sklearn.preprocessing.LabelBinarizer",
                   "sklearn.linear_model.Ridge",
                   "sklearn.linear_model.RidgeClassifier",
                   "sklearn.linear_model.LogisticRegression")

_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")


def unsupported(value, path, why=""):
    """The TypeError of `save` for a value it cannot write."""
    cls = type(value)
    return TypeError(
        f"Cannot save {path}: type {cls.__module__}.{cls.__qualname__} is not supported"
        f"{why}. skrnn.save writes Python built-ins, numpy and pandas values, classes "
        f"defined in skrnn and the scikit-learn classes {list(SKLEARN_CLASSES)}.")


@functools.lru_cache(maxsize=None)
def _sklearn_class(name):
    module, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def resolve_class(name, path):
    """The class ``name`` stands for, if allowed: an allow-listed scikit-learn class,
    or a class defined (not just imported) in a module of skrnn; else ValueError."""
    if name in SKLEARN_CLASSES:
        return _sklearn_class(name)
    if not isinstance(name, str) or not _DOTTED.fullmatch(name) or \
            name.split(".")[0] != "skrnn":
        raise ValueError(f"{path} names the class {name!r}, which load does not allow: "
                         f"only classes defined in skrnn and {list(SKLEARN_CLASSES)}.")
    module_name, _, qualname = name.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        module = None
    cls = getattr(module, qualname, None)
    if not (isinstance(cls, type) and cls.__module__ == module_name
            and cls.__qualname__ == qualname):
        raise ValueError(f"{path} names the class {name!r}, which is not a class "
                         f"defined in skrnn.")
    return cls


def class_name(value, path):
    """The dotted name by which `resolve_class` finds ``type(value)`` again; TypeError
    when the class is not allowed."""
    cls = type(value)
    for name in SKLEARN_CLASSES:
        if _sklearn_class(name) is cls:
            return name
    if cls.__module__.split(".")[0] != "skrnn":
        raise unsupported(value, path)
    name = f"{cls.__module__}.{cls.__qualname__}"
    try:
        if resolve_class(name, path) is cls:
            return name
    except ValueError:
        pass
    raise unsupported(value, path, " (a class that cannot be found again by its module "
                                   "and name)")


def is_namedtuple(cls):
    return issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple)


def slot_names(cls):
    """The (mangled) names of every slot of ``cls`` and its bases."""
    names = []
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            if slot in ("__dict__", "__weakref__"):
                continue
            if slot.startswith("__") and not slot.endswith("__"):
                slot = f"_{klass.__name__.lstrip('_')}{slot}"
            if slot not in names:
                names.append(slot)
    return names
