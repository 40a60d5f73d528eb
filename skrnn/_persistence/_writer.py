"""The writing side: an object tree to JSON nodes and the arrays to store beside them."""
import numpy as np
import pandas as pd

from . import _values
from ._allowed import class_name, is_namedtuple, slot_names, unsupported

_SCALAR_TYPES = (type(None), bool, int, str)

# What `set_callbacks` and a running fit attach to an estimator: hooks of this process
# (progress threads, listeners, a meta-estimator's task tree), not part of the model.
TRANSIENT = frozenset({"_skl_callbacks", "_parent_callback_ctx", "_callback_fit_ctx",
                       "_skl_callbacks_to_teardown"})


class Writer:
    """Turns an object tree into JSON nodes; ``arrays`` collects (member name, ndarray)."""

    def __init__(self):
        self.arrays = []
        self.memo = {}         # id(value) -> (value, node id): the value is kept alive
        self.building = set()  # ids of immutable values whose children are being written

    def encode(self, value, path, share=True):
        """The node of ``value`` at ``path``; ``share=False`` for temporaries made while
        writing (never memoised: their ids may be reused)."""
        cls = type(value)
        if cls in _SCALAR_TYPES:
            return value
        if cls is float:
            return _values.float_node(value)
        if not share or isinstance(value, (np.generic, np.dtype, slice)) or value is pd.NaT:
            return self._value(value, path, share)  # small immutable values: not memoised
        seen = self.memo.get(id(value))
        if seen is not None:
            if id(value) in self.building:
                cls_name = f"{cls.__module__}.{cls.__qualname__}"
                raise TypeError(f"Cannot save {path}: it refers back to an enclosing "
                                f"{cls_name}, which cannot be rebuilt.")
            return {"$": "ref", "id": seen[1]}
        node_id = len(self.memo)
        self.memo[id(value)] = (value, node_id)
        if isinstance(value, (tuple, frozenset)):
            self.building.add(id(value))
        try:
            node = self._value(value, path, share)
        finally:
            self.building.discard(id(value))
        node["id"] = node_id
        return node

    def array_member(self, array):
        """The node of ``array``, stored as the next ``.npy`` member."""
        member = f"arrays/{len(self.arrays)}.npy"
        self.arrays.append((member, array))
        return {"$": "ndarray", "member": member, "dtype": _values.descr(array.dtype),
                "shape": list(array.shape)}

    def _items(self, values, path, share):
        return [self.encode(v, f"{path}[{i}]", share) for i, v in enumerate(values)]

    def _value(self, value, path, share):
        cls = type(value)
        if cls is np.ndarray:
            return self._array(value, path, share)
        if cls in (list, tuple, set, frozenset):
            return {"$": cls.__name__, "items": self._items(value, path, share)}
        if cls is dict:
            keys, values = [], []
            for key, item in value.items():
                keys.append(self.encode(key, f"{path}.<key {key!r:.40}>", share))
                values.append(self.encode(item, f"{path}[{key!r:.40}]", share))
            return {"$": "dict", "keys": keys, "values": values}
        node = _values.encode(value, path, self)
        return self._object(value, path, share) if node is None else node

    def _array(self, array, path, share):
        if array.dtype == np.dtype(object):
            return {"$": "objarray", "shape": list(array.shape),
                    "items": self._items(array.ravel(order="C").tolist(), path, share)}
        if array.dtype.hasobject:
            raise unsupported(array, path, " (a structured array with object fields)")
        node = self.array_member(array)
        if not array.flags.writeable:
            node["writeable"] = False
        return node

    def _object(self, value, path, share):
        cls = type(value)
        name = class_name(value, path)
        if is_namedtuple(cls):
            return {"$": "namedtuple", "class": name,
                    "items": [self.encode(getattr(value, f), f"{path}.{f}", share)
                              for f in cls._fields]}
        if cls.__new__ is not object.__new__:
            raise unsupported(value, path, " (a class with its own __new__)")
        node = {"$": "object", "class": name}
        state = getattr(value, "__dict__", None)
        if state and not TRANSIENT.isdisjoint(state):
            state = {k: v for k, v in state.items() if k not in TRANSIENT}
        if state:
            if not all(type(k) is str for k in state):
                raise unsupported(value, path, " (non-string attribute names)")
            node["state"] = {k: self.encode(v, f"{path}.{k}", share)
                             for k, v in state.items()}
        slots = {}
        for slot in slot_names(cls):
            try:
                item = object.__getattribute__(value, slot)
            except AttributeError:
                continue  # an unset slot stays unset
            slots[slot] = self.encode(item, f"{path}.{slot}", share)
        if slots:
            node["slots"] = slots
        return node
