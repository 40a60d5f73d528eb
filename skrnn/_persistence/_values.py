"""Codecs of leaf values: numpy scalars, dtypes, scalar types and random generators,
pandas values, and the Python values JSON lacks (non-finite floats, complex, bytes,
slices, ranges, timedeltas).

`encode` gives the node of such a value (None for any other value) and
``DECODERS[tag](node, path, reader)`` builds it back, checking what it reads. Nested
values go through the writer's ``encode(value, path, share=False)`` and
``array_member(array)``, and the reader's ``decode(node, path)``.
"""
import datetime
import math

import numpy as np
import pandas as pd

from ._allowed import unsupported

_BIT_GENERATORS = ("MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64")
_PY_TYPES = {"int": int, "float": float, "bool": bool, "str": str, "complex": complex}
_PANDAS_ERRORS = (TypeError, ValueError, KeyError, AttributeError, ImportError)


def expect(condition, path, what):
    if not condition:
        raise ValueError(f"Malformed skrnn file at {path}: {what}.")


def float_node(x):
    """A Python float: itself when finite (JSON keeps it exactly), else tagged."""
    return x if math.isfinite(x) else {"$": "float", "value": repr(x)}


def read_float(value, path):
    if type(value) is float or type(value) is int:
        return float(value)
    if isinstance(value, dict) and value.get("$") == "float" and \
            value.get("value") in ("nan", "inf", "-inf"):
        return float(value["value"])
    raise ValueError(f"{path}: expected a float, got {value!r}.")


def descr(dtype):
    return np.lib.format.dtype_to_descr(dtype)


def read_dtype(description, path):
    try:
        return np.lib.format.descr_to_dtype(_tuples(description))
    except (TypeError, ValueError) as error:
        raise ValueError(f"{path} has an invalid dtype {description!r}: {error}") from None


def _tuples(description):
    """A JSON-read dtype description back in numpy's form (lists were tuples)."""
    if not isinstance(description, list):
        return description
    fields = []
    for field in description:
        if not (isinstance(field, list) and len(field) in (2, 3)):
            raise ValueError(f"bad field {field!r}")
        name, sub, *shape = field
        fields.append((tuple(name) if isinstance(name, list) else name, _tuples(sub),
                       *(tuple(s) if isinstance(s, list) else s for s in shape)))
    return fields


# ------------------------------------------------------------------------- encoding
def encode(value, path, writer):
    """The node of a leaf value, or None when ``value`` is none of those handled here."""
    cls = type(value)
    if isinstance(value, np.generic):
        return _numpy_scalar(value, path, writer)
    if isinstance(value, np.dtype):
        if value.hasobject and value != np.dtype(object):
            raise unsupported(value, path, " (a structured dtype with objects)")
        return {"$": "dtype", "descr": descr(value)}
    if cls is slice or cls is range:
        return {"$": cls.__name__, "args": [
            writer.encode(arg, f"{path}[{i}]", share=False)
            for i, arg in enumerate((value.start, value.stop, value.step))]}
    if cls is complex:
        return {"$": "complex", "real": float_node(value.real),
                "imag": float_node(value.imag)}
    if cls is bytes:
        return {"$": "bytes", "hex": value.hex()}
    if cls is datetime.timedelta:
        return {"$": "timedelta", "days": value.days, "seconds": value.seconds,
                "microseconds": value.microseconds}
    if cls is type:
        return _scalar_type(value, path)
    if cls is np.random.RandomState:
        state = value.get_state(legacy=False)
        return {"$": "RandomState", "state": writer.encode(state, path, share=False)}
    if cls is np.random.Generator:
        return {"$": "Generator",
                "bit_generator": _bit_generator(value.bit_generator, path, writer)}
    if isinstance(value, np.random.BitGenerator):
        return {"$": "BitGenerator", "bit_generator": _bit_generator(value, path, writer)}
    return _pandas(value, path, writer)


def _numpy_scalar(value, path, writer):
    kind = value.dtype.kind
    node = {"$": "npscalar", "dtype": descr(value.dtype)}
    if kind == "b":
        node["value"] = bool(value)
    elif kind in "iu":
        node["value"] = int(value)
    elif kind == "f" and value.dtype.itemsize <= 8:  # float(x) is exact up to float64
        node["value"] = float_node(float(value))
    elif kind == "c" and value.dtype.itemsize <= 16:
        node["value"] = [float_node(float(value.real)), float_node(float(value.imag))]
    elif kind == "O" or value.dtype.hasobject:
        raise unsupported(value, path)
    else:  # datetime64, timedelta64, str_, bytes_, void, longdouble: a 0-d array
        node["array"] = writer.array_member(np.asarray(value))
    return node


def _scalar_type(value, path):
    for name, cls in _PY_TYPES.items():
        if value is cls:
            return {"$": "pytype", "name": name}
    if issubclass(value, np.generic):
        try:
            if np.dtype(value).type is value:
                return {"$": "nptype", "descr": descr(np.dtype(value))}
        except TypeError:
            pass
    raise TypeError(f"Cannot save {path}: the class {value!r} is not supported as a "
                    f"value (only numpy scalar types and int, float, bool, str, "
                    f"complex).")


def _bit_generator(bit_generator, path, writer):
    name = type(bit_generator).__name__
    if name not in _BIT_GENERATORS or getattr(np.random, name) is not type(bit_generator):
        raise unsupported(bit_generator, path)
    return {"name": name, "state": writer.encode(bit_generator.state, path, share=False)}


def _offset(offset, path, writer):
    cls = type(offset)
    if getattr(pd.offsets, cls.__name__, None) is not cls:
        raise unsupported(offset, path)
    kwds = dict(offset.kwds)
    try:
        same = cls(n=offset.n, normalize=offset.normalize, **kwds) == offset
    except Exception:  # noqa: BLE001 - any failure means it cannot be rebuilt
        same = False
    if not same:
        raise unsupported(offset, path, " (this offset cannot be rebuilt from its n, "
                                        "normalize and kwds)")
    return {"$": "offset", "class": cls.__name__, "n": int(offset.n),
            "normalize": bool(offset.normalize),
            "kwds": writer.encode(kwds, path, share=False)}


def _freq(freq, path, writer):
    return None if freq is None else _offset(freq, f"{path}.freq", writer)


def _tz(tz, path):
    if tz is None:
        return None
    if isinstance(tz, datetime.timezone):
        offset = tz.utcoffset(None)
        return {"offset": offset.days * 86400 + offset.seconds}
    name = getattr(tz, "key", None) or getattr(tz, "zone", None)
    if not isinstance(name, str):
        raise unsupported(tz, path, " (a time zone without an IANA name)")
    return {"name": name}


def _naive(value):
    """A datetime value in UTC without its time zone."""
    return value if value.tz is None else value.tz_convert(None)


def _index(index, path, writer):
    cls = type(index)

    def temporary(value):
        return writer.encode(value, path, share=False)

    if cls is pd.MultiIndex:
        return {"$": "MultiIndex",
                "levels": [writer.encode(level, f"{path}.levels[{i}]", share=False)
                           for i, level in enumerate(index.levels)],
                "codes": [temporary(np.asarray(c)) for c in index.codes],
                "names": temporary(list(index.names)), "sortorder": index.sortorder}
    name = writer.encode(index.name, f"{path}.name", share=False)
    if cls is pd.RangeIndex:
        node = {"$": "RangeIndex", "start": index.start, "stop": index.stop,
                "step": index.step}
    elif cls is pd.DatetimeIndex:
        node = {"$": "DatetimeIndex", "values": temporary(_naive(index).to_numpy()),
                "tz": _tz(index.tz, path), "freq": _freq(index.freq, path, writer)}
    elif cls is pd.TimedeltaIndex:
        node = {"$": "TimedeltaIndex", "values": temporary(index.to_numpy()),
                "freq": _freq(index.freq, path, writer)}
    elif cls is pd.PeriodIndex:
        node = {"$": "PeriodIndex", "ordinals": temporary(index.asi8.copy()),
                "freq": _offset(index.freq, f"{path}.freq", writer)}
    elif cls is pd.Index:
        dtype = index.dtype
        if not isinstance(dtype, (np.dtype, pd.StringDtype)) or dtype.kind in "mM":
            raise unsupported(index, path, f" (an Index of dtype {dtype})")
        node = {"$": "Index", "dtype": temporary(dtype),
                "values": temporary(index.to_numpy())}
    else:
        raise unsupported(index, path)
    node["name"] = name
    return node


def _pandas(value, path, writer):
    """A pandas value's node, or None when ``value`` is not one handled here."""
    cls = type(value)
    if value is pd.NaT:
        return {"$": "NaT"}
    if isinstance(value, pd.Index):
        return _index(value, path, writer)
    if cls is pd.Timestamp:
        return {"$": "Timestamp",
                "value": writer.encode(_naive(value).to_datetime64(), path, share=False),
                "tz": _tz(value.tz, path)}
    if cls is pd.Timedelta:
        return {"$": "Timedelta",
                "value": writer.encode(value.to_timedelta64(), path, share=False)}
    if cls is pd.Period:
        return {"$": "Period", "ordinal": int(value.ordinal),
                "freq": _offset(value.freq, f"{path}.freq", writer)}
    if isinstance(value, pd.offsets.BaseOffset):
        return _offset(value, path, writer)
    if cls is pd.PeriodDtype:
        return {"$": "PeriodDtype", "freq": _offset(value.freq, f"{path}.freq", writer)}
    if cls is pd.DatetimeTZDtype:
        return {"$": "DatetimeTZDtype", "unit": value.unit, "tz": _tz(value.tz, path)}
    if cls is pd.StringDtype:
        na = value.na_value
        if na is not pd.NA and not (isinstance(na, float) and math.isnan(na)):
            raise unsupported(value, path)
        return {"$": "StringDtype", "storage": value.storage,
                "na_value": "NA" if na is pd.NA else "nan"}
    return None


# ------------------------------------------------------------------------- decoding
def _read_float(node, path, reader):
    return read_float(node, path)


def _read_slice(node, path, reader):
    args = reader.children(node, path, "args")
    expect(len(args) == 3 and all(a is None or type(a) is int for a in args), path,
           "three ints or None")
    return slice(*args)


def _read_range(node, path, reader):
    args = reader.children(node, path, "args")
    expect(len(args) == 3 and all(type(a) is int for a in args), path, "three ints")
    return range(*args)


def _read_complex(node, path, reader):
    return complex(read_float(node.get("real"), path), read_float(node.get("imag"), path))


def _read_bytes(node, path, reader):
    try:
        return bytes.fromhex(node.get("hex"))
    except (TypeError, ValueError):
        raise ValueError(f"Malformed skrnn file at {path}: bad bytes.") from None


def _read_timedelta(node, path, reader):
    parts = [node.get(k) for k in ("days", "seconds", "microseconds")]
    expect(all(type(p) is int for p in parts), path, "integer parts")
    return datetime.timedelta(*parts)


def _read_pytype(node, path, reader):
    name = node.get("name")
    expect(isinstance(name, str) and name in _PY_TYPES, path, "a known built-in type")
    return _PY_TYPES[name]


def _read_dtype(node, path, reader):
    return read_dtype(node.get("descr"), path)


def _read_nptype(node, path, reader):
    dtype = read_dtype(node.get("descr"), path)
    expect(dtype.kind != "V" and not dtype.hasobject, path, "a numpy scalar type")
    return dtype.type


def _read_npscalar(node, path, reader):
    dtype = read_dtype(node.get("dtype"), path)
    if "array" in node:
        array = reader.decode(node["array"], path)
        expect(isinstance(array, np.ndarray) and array.shape == ()
               and array.dtype == dtype, path, "a 0-d array of the scalar's dtype")
        return array[()]
    value, kind = node.get("value"), dtype.kind
    if kind == "b" and type(value) is bool or kind in "iu" and type(value) is int:
        try:
            return dtype.type(value)
        except OverflowError:
            raise ValueError(f"{path}: {value} does not fit {dtype}.") from None
    if kind == "f":
        return dtype.type(read_float(value, path))
    if kind == "c" and isinstance(value, list) and len(value) == 2:
        return dtype.type(complex(read_float(value[0], path), read_float(value[1], path)))
    raise ValueError(f"Malformed skrnn file at {path}: a bad {dtype} scalar.")


def _new_bit_generator(node, path, reader):
    expect(isinstance(node, dict) and node.get("name") in _BIT_GENERATORS, path,
           "a known bit generator")
    bit_generator = getattr(np.random, node["name"])()
    state = reader.decode(node.get("state"), path)
    try:
        bit_generator.state = state
    except (TypeError, ValueError, KeyError) as error:
        raise ValueError(f"{path}: invalid bit generator state ({error}).") from None
    return bit_generator


def _read_RandomState(node, path, reader):
    state = reader.decode(node.get("state"), path)
    expect(isinstance(state, dict) and state.get("bit_generator") in _BIT_GENERATORS,
           path, "a RandomState state")
    random_state = np.random.RandomState(getattr(np.random, state["bit_generator"])())
    try:
        random_state.set_state(state)
    except (TypeError, ValueError, KeyError) as error:
        raise ValueError(f"{path}: invalid RandomState state ({error}).") from None
    return random_state


def _read_Generator(node, path, reader):
    return np.random.Generator(_new_bit_generator(node.get("bit_generator"), path, reader))


def _read_BitGenerator(node, path, reader):
    return _new_bit_generator(node.get("bit_generator"), path, reader)


def _build(build, path):
    """``build()``, its failure a ValueError naming ``path``."""
    try:
        return build()
    except _PANDAS_ERRORS as error:
        raise ValueError(f"{path}: cannot rebuild the pandas value ({error}).") from None


def _read_offset(node, path, reader):
    expect(isinstance(node, dict) and node.get("$") == "offset", path, "an offset")
    name = node.get("class")
    cls = getattr(pd.offsets, name, None) if isinstance(name, str) else None
    if not (isinstance(cls, type) and issubclass(cls, pd.offsets.BaseOffset)):
        raise ValueError(f"{path} names the offset {name!r}, which is not a pandas "
                         f"offset class.")
    n, normalize = node.get("n"), node.get("normalize")
    expect(type(n) is int and type(normalize) is bool, path, "an offset's n")
    kwds = reader.decode(node.get("kwds"), path)
    expect(isinstance(kwds, dict) and all(type(k) is str for k in kwds), path,
           "an offset's keywords")
    return _build(lambda: cls(n=n, normalize=normalize, **kwds), path)


def _freq_of(node, path, reader):
    return None if node is None else _read_offset(node, f"{path}.freq", reader)


def _tz_of(node, path):
    if node is None:
        return None
    expect(isinstance(node, dict), path, "a time zone")
    if type(node.get("offset")) is int:
        return datetime.timezone(datetime.timedelta(seconds=node["offset"]))
    expect(isinstance(node.get("name"), str), path, "a time zone")
    return node["name"]


def _read_NaT(node, path, reader):
    return pd.NaT


def _read_Timestamp(node, path, reader):
    value = reader.decode(node.get("value"), path)
    tz = _tz_of(node.get("tz"), path)
    expect(isinstance(value, np.datetime64), path, "a datetime64")

    def build():
        stamp = pd.Timestamp(value)
        return stamp if tz is None else stamp.tz_localize("UTC").tz_convert(tz)
    return _build(build, path)


def _read_Timedelta(node, path, reader):
    value = reader.decode(node.get("value"), path)
    expect(isinstance(value, np.timedelta64), path, "a timedelta64")
    return _build(lambda: pd.Timedelta(value), path)


def _read_Period(node, path, reader):
    ordinal, freq = node.get("ordinal"), _read_offset(node.get("freq"), path, reader)
    expect(type(ordinal) is int, path, "an integer ordinal")
    return _build(lambda: pd.Period(ordinal=ordinal, freq=freq), path)


def _read_PeriodDtype(node, path, reader):
    freq = _read_offset(node.get("freq"), path, reader)
    return _build(lambda: pd.PeriodDtype(freq), path)


def _read_DatetimeTZDtype(node, path, reader):
    unit, tz = node.get("unit"), _tz_of(node.get("tz"), path)
    expect(unit in ("s", "ms", "us", "ns") and tz is not None, path, "a tz dtype")
    return _build(lambda: pd.DatetimeTZDtype(unit=unit, tz=tz), path)


def _read_StringDtype(node, path, reader):
    storage, na = node.get("storage"), node.get("na_value")
    expect(storage in ("python", "pyarrow") and na in ("NA", "nan"), path,
           "a string dtype")
    na_value = pd.NA if na == "NA" else np.nan
    return _build(lambda: pd.StringDtype(storage, na_value=na_value), path)


def _index_values(node, path, reader, kinds):
    values = reader.decode(node.get("values"), f"{path}.values")
    expect(isinstance(values, np.ndarray) and values.ndim == 1 and
           values.dtype.kind in kinds, path, "index values of the right kind")
    return values


def _index_name(node, path, reader):
    return reader.decode(node.get("name"), f"{path}.name")


def _read_RangeIndex(node, path, reader):
    args = [node.get(k) for k in ("start", "stop", "step")]
    expect(all(type(a) is int for a in args), path, "integer bounds")
    name = _index_name(node, path, reader)
    return _build(lambda: pd.RangeIndex(*args, name=name), path)


def _read_DatetimeIndex(node, path, reader):
    values, name = _index_values(node, path, reader, "M"), _index_name(node, path, reader)
    tz, freq = _tz_of(node.get("tz"), path), _freq_of(node.get("freq"), path, reader)

    def build():
        index = pd.DatetimeIndex(values, name=name)
        if tz is not None:
            index = index.tz_localize("UTC").tz_convert(tz)
        return index if freq is None else pd.DatetimeIndex(index, freq=freq)
    return _build(build, path)


def _read_TimedeltaIndex(node, path, reader):
    values, name = _index_values(node, path, reader, "m"), _index_name(node, path, reader)
    freq = _freq_of(node.get("freq"), path, reader)
    return _build(lambda: pd.TimedeltaIndex(values, freq=freq, name=name), path)


def _read_PeriodIndex(node, path, reader):
    ordinals = reader.decode(node.get("ordinals"), path)
    expect(isinstance(ordinals, np.ndarray) and ordinals.dtype == np.int64 and
           ordinals.ndim == 1, path, "int64 ordinals")
    freq = _read_offset(node.get("freq"), path, reader)
    name = _index_name(node, path, reader)
    return _build(lambda: pd.PeriodIndex.from_ordinals(ordinals, freq=freq, name=name),
                  path)


def _read_MultiIndex(node, path, reader):
    levels = reader.children(node, path, "levels")
    codes = reader.children(node, path, "codes")
    names = reader.decode(node.get("names"), path)
    sortorder = node.get("sortorder")
    expect(all(isinstance(level, pd.Index) for level in levels) and
           all(isinstance(c, np.ndarray) and c.dtype.kind == "i" for c in codes) and
           isinstance(names, list) and (sortorder is None or type(sortorder) is int),
           path, "levels, codes and names")
    return _build(lambda: pd.MultiIndex(levels=levels, codes=codes, names=names,
                                        sortorder=sortorder, verify_integrity=True), path)


def _read_Index(node, path, reader):
    dtype = reader.decode(node.get("dtype"), path)
    expect(isinstance(dtype, (np.dtype, pd.StringDtype)), path, "an index dtype")
    values = _index_values(node, path, reader, "biufcUSO")
    name = _index_name(node, path, reader)
    return _build(lambda: pd.Index(values, dtype=dtype, name=name), path)


#: tag -> decoder(node, path, reader) of every node `encode` writes.
DECODERS = {
    "float": _read_float, "slice": _read_slice, "range": _read_range,
    "complex": _read_complex, "bytes": _read_bytes, "timedelta": _read_timedelta,
    "pytype": _read_pytype, "dtype": _read_dtype, "nptype": _read_nptype,
    "npscalar": _read_npscalar, "RandomState": _read_RandomState,
    "Generator": _read_Generator, "BitGenerator": _read_BitGenerator,
    "offset": _read_offset, "NaT": _read_NaT, "Timestamp": _read_Timestamp,
    "Timedelta": _read_Timedelta, "Period": _read_Period,
    "PeriodDtype": _read_PeriodDtype, "DatetimeTZDtype": _read_DatetimeTZDtype,
    "StringDtype": _read_StringDtype, "RangeIndex": _read_RangeIndex,
    "DatetimeIndex": _read_DatetimeIndex, "TimedeltaIndex": _read_TimedeltaIndex,
    "PeriodIndex": _read_PeriodIndex, "MultiIndex": _read_MultiIndex,
    "Index": _read_Index,
}
