"""The reading side: JSON nodes and the archive's arrays back to objects, building only
allow-listed types and checking every node."""
import math
import re

import numpy as np

from ._allowed import is_namedtuple, resolve_class, slot_names
from ._values import DECODERS, expect, read_dtype

_MEMBER = re.compile(r"arrays/\d+\.npy")


class Reader:
    """Rebuilds an object tree from JSON nodes and the arrays of ``archive``;
    ``objects`` lists every (object, path) built from an ``"object"`` node."""

    def __init__(self, archive):
        self.archive = archive
        self.names = set(archive.namelist())
        self.memo = {}
        self.objects = []

    def decode(self, node, path):
        if node is None or type(node) in (bool, int, float, str):
            return node
        expect(isinstance(node, dict), path, f"unexpected {type(node).__name__}")
        tag = node.get("$")
        if tag == "ref":
            expect(type(node.get("id")) is int and node["id"] in self.memo, path,
                   "a reference to nothing read yet")
            return self.memo[node["id"]]
        node_id = node.get("id")
        if node_id is not None:
            expect(type(node_id) is int and node_id not in self.memo, path,
                   "a bad or repeated id")
        method = getattr(self, f"_read_{tag}", None) if isinstance(tag, str) else None
        if method is not None:  # containers and objects: memoised before their children
            return method(node, path, node_id)
        decoder = DECODERS.get(tag) if isinstance(tag, str) else None
        if decoder is None:
            raise ValueError(f"{path} has the unknown type {tag!r}; load builds only the "
                             f"types save writes.")
        return self._keep(node_id, decoder(node, path, self))

    def children(self, node, path, key="items"):
        """The decoded items of the list ``node[key]``."""
        return [self.decode(item, f"{path}[{i}]")
                for i, item in enumerate(self._list_of(node, key, path))]

    def _keep(self, node_id, value):
        if node_id is not None:
            self.memo[node_id] = value
        return value

    @staticmethod
    def _list_of(node, key, path):
        items = node.get(key)
        expect(isinstance(items, list), path, f"{key!r} is not a list")
        return items

    # -------------------------------------------------------------- containers
    def _read_list(self, node, path, node_id):
        out = self._keep(node_id, [])
        out.extend(self.children(node, path))
        return out

    def _read_tuple(self, node, path, node_id):
        return self._keep(node_id, tuple(self.children(node, path)))

    def _read_set(self, node, path, node_id):
        out = self._keep(node_id, set())
        try:
            out.update(self.children(node, path))
        except TypeError as error:
            raise ValueError(f"{path}: {error}") from None
        return out

    def _read_frozenset(self, node, path, node_id):
        try:
            return self._keep(node_id, frozenset(self.children(node, path)))
        except TypeError as error:
            raise ValueError(f"{path}: {error}") from None

    def _read_dict(self, node, path, node_id):
        out = self._keep(node_id, {})
        keys = self.children(node, path, "keys")
        values = self._list_of(node, "values", path)
        expect(len(keys) == len(values), path, "as many keys as values")
        for key, value in zip(keys, values):
            try:
                out[key] = self.decode(value, f"{path}[{key!r:.40}]")
            except TypeError as error:
                raise ValueError(f"{path}: {error}") from None
        return out

    # ------------------------------------------------------------------ arrays
    def _read_ndarray(self, node, path, node_id):
        member = node.get("member")
        expect(isinstance(member, str) and _MEMBER.fullmatch(member) and
               member in self.names, path, f"a missing array member {member!r}")
        dtype = read_dtype(node.get("dtype"), path)
        shape = node.get("shape")
        expect(isinstance(shape, list) and all(type(n) is int for n in shape), path,
               "a bad shape")
        with self.archive.open(member) as stream:
            try:
                array = np.lib.format.read_array(stream, allow_pickle=False)
            except ValueError as error:
                raise ValueError(f"{path}: the array member {member} cannot be read "
                                 f"(arrays are read without pickle): {error}") from None
        if array.dtype != dtype or array.shape != tuple(shape):
            raise ValueError(f"{path}: the array member {member} has dtype {array.dtype} "
                             f"and shape {array.shape}, but the document says dtype "
                             f"{dtype} and shape {tuple(shape)}.")
        if node.get("writeable") is False:
            array.flags.writeable = False
        return self._keep(node_id, array)

    def _read_objarray(self, node, path, node_id):
        shape = node.get("shape")
        expect(isinstance(shape, list) and all(type(n) is int and n >= 0 for n in shape),
               path, "a bad shape")
        items = self._list_of(node, "items", path)
        expect(len(items) == math.prod(shape), path, "as many items as the shape holds")
        array = self._keep(node_id, np.empty(tuple(shape), dtype=object))
        flat = array.reshape(-1)  # a view: filling it fills the array
        for i, item in enumerate(items):
            flat[i] = self.decode(item, f"{path}[{i}]")
        return array

    # ----------------------------------------------------------------- objects
    def _read_namedtuple(self, node, path, node_id):
        cls = resolve_class(node.get("class"), path)
        if not is_namedtuple(cls):
            raise ValueError(f"{path}: {node.get('class')} is not a named tuple.")
        items = self.children(node, path)
        expect(len(items) == len(cls._fields), path, f"{len(cls._fields)} fields")
        return self._keep(node_id, cls(*items))

    def _read_object(self, node, path, node_id):
        name = node.get("class")
        cls = resolve_class(name, path)
        if cls.__new__ is not object.__new__ or is_namedtuple(cls):
            raise ValueError(f"{path}: {name} is not a class load can build.")
        try:
            obj = self._keep(node_id, cls.__new__(cls))
        except TypeError as error:  # an abstract class
            raise ValueError(f"{path}: cannot build {name} ({error}).") from None
        state, slots = node.get("state", {}), node.get("slots", {})
        expect(isinstance(state, dict) and isinstance(slots, dict), path,
               "attributes as an object")
        if state:
            expect(hasattr(obj, "__dict__"), path, f"{name} has no __dict__")
            obj.__dict__.update((k, self.decode(v, f"{path}.{k}"))
                                for k, v in state.items())
        allowed = slot_names(cls)
        for slot, value in slots.items():
            expect(slot in allowed, path, f"{name} has no slot {slot!r}")
            object.__setattr__(obj, slot, self.decode(value, f"{path}.{slot}"))
        self.objects.append((obj, path))
        return obj
