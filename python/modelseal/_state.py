# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""The state tree of a live estimator (mapper/state.h), built generically
through Python's reduce protocol: no per-class code.

The tree is handed to the native binding as nested values: None, bool, int,
float, str, bytes and lists stand for themselves; every other node is a
tuple whose first item is a tag:
  ("T", [items])                          tuple
  ("D", [k0, v0, k1, v1, ...])            dict, in order
  ("A", typestr, fields, itemsize, shape, fortran, data_or_objects)
                                          numpy.ndarray; fields is
                                          [[name, typestr, offset], ...]
  ("O", module, qualname, args, state, listitems, dictitems)
                                          an object by __reduce_ex__(4)
  ("G", module, qualname)                 a class or function as a value
  ("I", bytes)                            an int outside int64: little-endian
                                          two's complement (pickle's LONG1)
numpy scalars become int/float/bool, a numpy dtype its dtype.str. A class
with a reducer in copyreg.dispatch_table is reduced by it, as pickle does
(numpy.ufunc: its name, a global; numpy 1.x ufuncs have no __module__ and
are named in "numpy" when numpy has them under that name). Anything else is
refused with UnsupportedEstimatorError naming its path.
"""

from __future__ import annotations

import copyreg
import types

import numpy as np

from .errors import UnsupportedEstimatorError

MAX_DEPTH = 128  # StateLimits::max_depth
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
MAX_BIGINT_BYTES = 1 << 16


def _refuse(path: str, why: str) -> UnsupportedEstimatorError:
    return UnsupportedEstimatorError(f"{path}: {why}", context=path,
                                     detail=why)


def _array(a: np.ndarray, path: str, depth: int):
    dt = a.dtype
    fortran = bool(a.ndim > 1 and a.flags.f_contiguous and
                   not a.flags.c_contiguous)
    shape = [int(s) for s in a.shape]
    if dt.hasobject:
        if dt.kind != "O":
            raise _refuse(path, "record arrays with object fields are not "
                          "supported")
        flat = a.ravel(order="C")
        objs = [build(x, f"{path}[{i}]", depth + 1)
                for i, x in enumerate(flat)]
        return ("A", "|O", [], 8, shape, False, objs)
    fields = []
    typestr = dt.str
    if dt.names is not None:
        for name in dt.names:
            ft, off = dt.fields[name][:2]
            if ft.names is not None or ft.subdtype is not None:
                raise _refuse(path, f"field {name!r} is nested")
            fields.append([name, ft.str, int(off)])
        typestr = f"|V{dt.itemsize}"
    elif dt.subdtype is not None:
        raise _refuse(path, f"sub-array dtype {dt} is not supported")
    data = np.ascontiguousarray(a) if not fortran else np.asfortranarray(a)
    return ("A", typestr, fields, int(dt.itemsize), shape, fortran,
            data.tobytes(order="F" if fortran else "C"))


def _global(obj, path: str):
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str):
        raise _refuse(path, f"{type(obj).__name__} cannot be named")
    return ("G", module, qualname)


def _object(obj, path: str, depth: int):
    try:
        reducer = copyreg.dispatch_table.get(type(obj))
        rv = reducer(obj) if reducer is not None else obj.__reduce_ex__(4)
    except Exception as e:  # noqa: BLE001 - any failure is a refusal
        raise _refuse(path, f"{type(obj).__name__} cannot be reduced: {e}")
    if isinstance(rv, str):
        # A global by name, as pickle saves it: the object's module and the
        # name returned (pd.NA -> ("pandas", "NA")).
        module = getattr(obj, "__module__", None)
        if module is None and isinstance(obj, np.ufunc) and \
                getattr(np, rv, None) is obj:
            module = "numpy"
        if not isinstance(module, str):
            raise _refuse(path, f"{type(obj).__name__} cannot be named")
        return ("G", module, rv)
    if not isinstance(rv, tuple) or not 2 <= len(rv) <= 6:
        raise _refuse(path, f"{type(obj).__name__}: unexpected reduce value")
    func, args = rv[0], rv[1]
    state = rv[2] if len(rv) > 2 else None
    listitems = rv[3] if len(rv) > 3 else None
    dictitems = rv[4] if len(rv) > 4 else None
    if len(rv) > 5 and rv[5] is not None:
        raise _refuse(path, f"{type(obj).__name__}: a state setter is not "
                      "supported")
    if func is copyreg.__newobj__:
        cls, args = args[0], args[1:]
    elif func is copyreg._reconstructor:
        cls, args = args[0], ()
    else:
        cls = func
    _, module, qualname = _global(cls, path)
    sub = depth + 1
    return ("O", module, qualname,
            ("T", [build(x, f"{path}.args[{i}]", sub)
                   for i, x in enumerate(args)]),
            build(state, path, sub),
            None if listitems is None else
            [build(x, f"{path}[{i}]", sub) for i, x in enumerate(listitems)],
            None if dictitems is None else
            [y for k, v in dictitems for y in (build(k, path, sub),
                                               build(v, f"{path}[{k!r}]",
                                                     sub))])


def build(obj, path: str = "estimator", depth: int = 0):
    """The state tree of `obj` (see the module docstring)."""
    if depth > MAX_DEPTH:
        raise _refuse(path, f"nested deeper than {MAX_DEPTH}")
    if obj is None or isinstance(obj, (bool, float, str, bytes)):
        return float(obj) if type(obj) is not float and \
            isinstance(obj, float) else obj
    if isinstance(obj, int):
        if not _INT64_MIN <= obj <= _INT64_MAX:
            n = (obj.bit_length() + 8) // 8
            if n > MAX_BIGINT_BYTES:
                raise _refuse(path, "integer longer than "
                              f"{MAX_BIGINT_BYTES} bytes")
            return ("I", int(obj).to_bytes(n, "little", signed=True))
        return int(obj)
    if isinstance(obj, np.ndarray):
        return _array(obj, path, depth)
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, np.integer):
        return build(int(obj), path, depth)
    if isinstance(obj, np.floating):
        return float(obj)
    if isinstance(obj, np.dtype):
        return obj.str
    if isinstance(obj, list):
        return [build(x, f"{path}[{i}]", depth + 1)
                for i, x in enumerate(obj)]
    if isinstance(obj, tuple):
        return ("T", [build(x, f"{path}[{i}]", depth + 1)
                      for i, x in enumerate(obj)])
    if isinstance(obj, dict):
        out = []
        for k, v in obj.items():
            out.append(build(k, path, depth + 1))
            out.append(build(v, f"{path}.{k}" if isinstance(k, str) else
                             f"{path}[{k!r}]", depth + 1))
        return ("D", out)
    if isinstance(obj, (type, types.FunctionType, types.BuiltinFunctionType)):
        return _global(obj, path)
    return _object(obj, path, depth)
