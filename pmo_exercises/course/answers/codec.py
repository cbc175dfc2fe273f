"""The answers' wire format: :func:`encode` an answer to JSON-ready data, :func:`decode` it back.

What crosses from the sandboxed kernel to the verdict is data, and nothing that
can carry code: no pickle, no class chosen by the sender beyond a short list of
the kit's own types. The table of what becomes what is in
:mod:`pmo_exercises.course.answers`. Both directions live here, side by side,
so that each tag is read as it is written.
"""

from __future__ import annotations

import dataclasses
import math
import sys
from typing import Any

__all__ = ["MAX_BYTES", "Opaque", "decode", "encode", "type_name"]

#: The largest payload the verdict accepts (a trainee's answers are small tables).
MAX_BYTES = 20_000_000
_DEPTH = 20  # nesting deeper than this is no answer anyone was asked for


class Opaque:
    """Stands in for an answer that is not data: every use fails with the reason.

    Parameters
    ----------
    what : str
        The variable's name.
    why : str
        Why it could not cross, e.g. ``"a Foo object is not data"``.
    """

    def __init__(self, what: str, why: str) -> None:
        object.__setattr__(self, "_what", what)
        object.__setattr__(self, "_why", why)

    def _fail(self, *args, **kwargs):
        raise AssertionError(
            f"the grader could not read {self._what}: {self._why}; "
            "answer with numbers, text, lists or pandas tables"
        )

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        self._fail()

    __call__ = __getitem__ = __iter__ = __len__ = __bool__ = __eq__ = _fail
    __lt__ = __le__ = __gt__ = __ge__ = __add__ = __sub__ = __mul__ = __truediv__ = _fail
    __float__ = __int__ = __index__ = __contains__ = _fail
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<not gradable: {self._what}: {self._why}>"


# -- encoding ---------------------------------------------------------------------------
def _float(x: float):
    x = float(x)
    if math.isfinite(x):
        return x
    return {"$": "float", "v": "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")}


def type_name(value) -> str:
    """The full name of the type of ``value``, ``module.qualname``."""
    cls = type(value)
    return f"{cls.__module__}.{cls.__qualname__}"


def _array(values, dtype) -> dict:
    """The values of a numpy array or pandas column with their dtype."""
    import numpy as np
    import pandas as pd

    name = str(dtype)
    kind = getattr(dtype, "kind", "O")
    if isinstance(dtype, pd.CategoricalDtype):
        cat = pd.Categorical(values)
        return {
            "dtype": "category",
            "ordered": bool(cat.ordered),
            "categories": _index(pd.Index(cat.categories), 0),
            "codes": cat.codes.astype("int64").tolist(),
        }
    if kind in "biu" and isinstance(dtype, np.dtype):
        return {"dtype": name, "values": np.asarray(values).tolist()}
    if kind == "f" and isinstance(dtype, np.dtype):
        return {"dtype": name, "values": [_float(v) for v in np.asarray(values).tolist()]}
    if kind in "mM":
        arr = np.asarray(values) if isinstance(dtype, np.dtype) else None
        if arr is not None:
            return {"dtype": name, "i8": arr.view("int64").tolist()}
        series = pd.Series(values, dtype=dtype)  # tz-aware datetimes
        ints = series.array.asi8 if hasattr(series.array, "asi8") else None
        return {"dtype": name, "i8": [int(i) for i in ints]}
    if name in ("str", "string") or isinstance(dtype, pd.StringDtype):
        out = [
            None
            if (v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)))
            else str(v)
            for v in values
        ]
        return {"dtype": name, "values": out}
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and name in (
        "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
        "Float32", "Float64", "boolean",
    ):  # fmt: skip
        out = []
        for v in values:
            if v is pd.NA or v is None:
                out.append(None)
            elif isinstance(v, (bool, np.bool_)):
                out.append(bool(v))
            elif name.startswith("Float"):
                out.append(_float(v))
            else:
                out.append(int(v))
        return {"dtype": name, "values": out}
    if kind == "b" or name == "bool":
        return {"dtype": "bool", "values": [bool(v) for v in values]}
    # object (or any other): each element as an answer of its own
    return {"dtype": "object", "values": [_encode(v, 1) for v in values]}


def _index(index, depth: int) -> dict:
    import pandas as pd

    if isinstance(index, pd.MultiIndex):
        return {
            "$": "multiindex",
            "names": [_encode(n, depth + 1) for n in index.names],
            "levels": [
                _array(index.get_level_values(i), index.levels[i].dtype)
                for i in range(index.nlevels)
            ],
        }
    if isinstance(index, pd.RangeIndex):
        return {
            "$": "range",
            "start": int(index.start),
            "stop": int(index.stop),
            "step": int(index.step),
            "name": _encode(index.name, depth + 1),
        }
    return {"$": "index", "name": _encode(index.name, depth + 1), **_array(index, index.dtype)}


def _encode(value, depth: int):
    if depth > _DEPTH:
        return {"$": "opaque", "type": type_name(value), "why": "nested too deep"}
    if value is None or isinstance(value, (bool, str)):
        return value
    mod = type(value).__module__
    if isinstance(value, int) and mod == "builtins":
        return {"$": "int", "v": str(value)} if abs(value) >= 2**53 else value
    if isinstance(value, float) and mod == "builtins":
        return _float(value)
    if mod.startswith("numpy"):
        import numpy as np

        if isinstance(value, np.ndarray):
            return {
                "$": "ndarray",
                "shape": list(value.shape),
                **_array(value.ravel(), value.dtype),
            }
        if isinstance(value, np.generic):
            return {"$": "npscalar", **_array(np.asarray([value]), np.asarray([value]).dtype)}
    if mod.startswith("pandas"):
        import pandas as pd

        if isinstance(value, pd.Series):
            return {
                "$": "series",
                "name": _encode(value.name, depth + 1),
                "index": _index(value.index, depth),
                **_array(value.array, value.dtype),
            }
        if isinstance(value, pd.DataFrame):
            return {
                "$": "frame",
                "index": _index(value.index, depth),
                "columns": _index(value.columns, depth),
                "data": [
                    _array(value.iloc[:, i].array, value.dtypes.iloc[i])
                    for i in range(value.shape[1])
                ],
            }
        if isinstance(value, pd.Index):
            return _index(value, depth)
        if isinstance(value, pd.Timestamp):
            return {"$": "timestamp", "v": value.isoformat()}
        if isinstance(value, pd.Timedelta):
            return {"$": "timedelta", "ns": int(value.value)}
        if value is pd.NaT:
            return {"$": "nat"}
        if value is pd.NA:
            return {"$": "na"}
    if isinstance(value, list):
        return [_encode(v, depth + 1) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return {"$": "tuple", "items": [_encode(v, depth + 1) for v in value]}
    if isinstance(value, (set, frozenset)):
        kind = "frozenset" if isinstance(value, frozenset) else "set"
        try:
            items = sorted(value)
        except TypeError:
            items = list(value)
        return {"$": kind, "items": [_encode(v, depth + 1) for v in items]}
    if isinstance(value, dict) or type(value).__name__ == "mappingproxy":
        return {
            "$": "dict",
            "items": [[_encode(k, depth + 1), _encode(v, depth + 1)] for k, v in value.items()],
        }
    import datetime as dt

    if isinstance(value, dt.datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "date", "v": value.isoformat()}
    return _kit_object(value, depth)


def _kit_object(value, depth: int):
    from ...core.portfolio import Portfolio

    if isinstance(value, Portfolio):
        return {"$": "portfolio", "digest": value.digest()}
    game = sys.modules.get("pmo_exercises.game.state")
    if game is not None and isinstance(value, game.Game):
        return {"$": "game", "json": value.to_json()}
    cls = type(value)
    if dataclasses.is_dataclass(value) and cls.__module__.startswith("pmo_exercises."):
        return {
            "$": "dataclass",
            "type": f"{cls.__module__}:{cls.__qualname__}",
            "fields": {
                f.name: _encode(getattr(value, f.name), depth + 1)
                for f in dataclasses.fields(value)
                if f.init
            },
        }
    if callable(value) and not isinstance(value, type):
        return {"$": "function", "name": getattr(value, "__name__", "function")}
    return {"$": "opaque", "type": type_name(value), "why": f"a {cls.__name__} is not data"}


def encode(value) -> Any:
    """An answer as JSON-ready data (see the module notes).

    Parameters
    ----------
    value : object
        Whatever the trainee's variable holds.

    Returns
    -------
    object
        Made of dicts, lists, strings, numbers, booleans and None only.
    """
    return _encode(value, 0)


# -- decoding ---------------------------------------------------------------------------
class _Context:
    """What decoding may lean on: the answer key's portfolio, the remote kernel."""

    def __init__(self, portfolio=None, remote=None, test: int | None = None) -> None:
        self.portfolio = portfolio
        self.remote = remote
        self.test = test


def _unfloat(v):
    if isinstance(v, dict) and v.get("$") == "float":
        return float(v["v"])
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"not a number: {v!r:.40}")
    return float(v)


def _values(spec: dict, ctx: _Context, what: str):
    """The values of an encoded column, as a numpy or pandas array."""
    import numpy as np
    import pandas as pd

    dtype = spec.get("dtype")
    if not isinstance(dtype, str):
        raise ValueError("a column without a dtype")
    if dtype == "category":
        categories = _decode_index(spec["categories"], ctx, what)
        codes = np.asarray(spec["codes"], dtype="int64")
        return pd.Categorical.from_codes(
            codes, categories=categories, ordered=bool(spec["ordered"])
        )
    if dtype == "object":
        out = np.empty(len(spec["values"]), dtype=object)
        for i, v in enumerate(spec["values"]):
            out[i] = _decode(v, ctx, what, 1)
        return out
    if "i8" in spec:
        ints = np.asarray(spec["i8"], dtype="int64")
        target = pd.api.types.pandas_dtype(dtype)
        if isinstance(target, np.dtype):
            return ints.view(target)
        return pd.array(pd.to_datetime(ints, utc=True)).tz_convert(target.tz)
    values = spec["values"]
    if not isinstance(values, list):
        raise ValueError("values are not a list")
    target = pd.api.types.pandas_dtype(dtype)
    if isinstance(target, np.dtype) and target.kind == "f":
        return np.asarray([_unfloat(v) for v in values], dtype=target)
    if isinstance(target, np.dtype) and target.kind in "biu":
        for v in values:
            if not isinstance(v, (int, bool)):
                raise ValueError(f"not an integer: {v!r:.40}")
        return np.asarray(values, dtype=target)
    if isinstance(target, np.dtype):
        raise ValueError(f"unexpected dtype {dtype}")
    if dtype.startswith("Float"):
        values = [None if v is None else _unfloat(v) for v in values]
    for v in values:
        if v is not None and not isinstance(v, (str, int, float, bool)):
            raise ValueError(f"not a plain value: {v!r:.40}")
    return pd.array(values, dtype=target)


def _decode_index(spec: dict, ctx: _Context, what: str):
    import pandas as pd

    kind = spec.get("$")
    if kind == "range":
        return pd.RangeIndex(
            int(spec["start"]),
            int(spec["stop"]),
            int(spec["step"]),
            name=_decode(spec["name"], ctx, what, 1),
        )
    if kind == "multiindex":
        arrays = [_values(level, ctx, what) for level in spec["levels"]]
        names = [_decode(n, ctx, what, 1) for n in spec["names"]]
        return pd.MultiIndex.from_arrays(arrays, names=names)
    if kind == "index":
        return pd.Index(
            _values(spec, ctx, what), name=_decode(spec["name"], ctx, what, 1), tupleize_cols=False
        )
    raise ValueError("not an index")


def _kit_class(path: str):
    module, _, qualname = path.partition(":")
    if not module.startswith("pmo_exercises.") or module not in sys.modules:
        raise ValueError(f"not a kit type: {path!r:.60}")
    cls = sys.modules[module]
    for part in qualname.split("."):
        cls = getattr(cls, part)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"not a kit dataclass: {path!r:.60}")
    return cls


def _decode(data, ctx: _Context, what: str, depth: int):
    if depth > _DEPTH + 2:
        raise ValueError("nested too deep")
    if data is None or isinstance(data, (bool, str, int, float)):
        return data
    if isinstance(data, list):
        return [_decode(v, ctx, what, depth + 1) for v in data]
    if not isinstance(data, dict):
        raise ValueError(f"unexpected {type(data).__name__}")
    kind = data.get("$")
    if kind == "float":
        return _unfloat(data)
    if kind == "int":
        return int(str(data["v"]))
    if kind in ("tuple", "set", "frozenset"):
        items = [_decode(v, ctx, what, depth + 1) for v in data["items"]]
        return {"tuple": tuple, "set": set, "frozenset": frozenset}[kind](items)
    if kind == "dict":
        return {
            _decode(k, ctx, what, depth + 1): _decode(v, ctx, what, depth + 1)
            for k, v in data["items"]
        }
    if kind in ("ndarray", "npscalar"):
        import numpy as np

        values = np.asarray(_values(data, ctx, what))
        if kind == "npscalar":
            return values[0]
        return values.reshape([int(n) for n in data["shape"]])
    if kind == "series":
        import pandas as pd

        index = _decode_index(data["index"], ctx, what)
        return pd.Series(
            _values(data, ctx, what), index=index, name=_decode(data["name"], ctx, what, 1)
        )
    if kind == "frame":
        import pandas as pd

        index = _decode_index(data["index"], ctx, what)
        columns = _decode_index(data["columns"], ctx, what)
        cols = [_values(c, ctx, what) for c in data["data"]]
        if len(cols) != len(columns):
            raise ValueError("columns and data differ in length")
        frame = pd.DataFrame({i: c for i, c in enumerate(cols)}, index=index)
        frame.columns = columns
        return frame
    if kind in ("index", "range", "multiindex"):
        return _decode_index(data, ctx, what)
    if kind in ("timestamp", "datetime", "date"):
        import datetime as dt

        import pandas as pd

        text = str(data["v"])
        if kind == "timestamp":
            return pd.Timestamp(text)
        return (
            dt.datetime.fromisoformat(text) if kind == "datetime" else dt.date.fromisoformat(text)
        )
    if kind == "timedelta":
        import pandas as pd

        return pd.Timedelta(int(data["ns"]), unit="ns")
    if kind in ("nat", "na"):
        import pandas as pd

        return pd.NaT if kind == "nat" else pd.NA
    if kind == "portfolio":
        key = ctx.portfolio
        if key is not None and data.get("digest") == key.digest():
            return key.copy()
        return Opaque(what, "this portfolio is not your own, untouched one")
    if kind == "game":
        from ...game.persistence import from_json

        try:
            return from_json(str(data["json"]), portfolio=ctx.portfolio)
        except Exception as error:  # the game is rebuilt from its record, or not at all
            return Opaque(what, f"the game could not be replayed ({error})")
    if kind == "dataclass":
        cls = _kit_class(str(data["type"]))
        fields = {str(k): _decode(v, ctx, what, depth + 1) for k, v in data["fields"].items()}
        return cls(**fields)
    if kind == "function":
        if ctx.remote is None:
            return Opaque(what, "a function cannot be called here")
        from .channel import Remote

        return Remote(ctx.remote, ctx.test, what)
    if kind == "opaque":
        return Opaque(what, str(data.get("why", "it is not data"))[:200])
    raise ValueError(f"unknown tag {kind!r:.30}")


def decode(data, *, portfolio=None, what: str = "the answer", remote=None, test=None):
    """An answer back from :func:`encode`'s data; what cannot be read is an :class:`Opaque`.

    Parameters
    ----------
    data : object
        Parsed JSON.
    portfolio : Portfolio, optional
        The answer key's portfolio: an encoded portfolio with its digest
        decodes to a copy of it, and a game is replayed on it.
    what : str
        The variable's name, for messages.
    remote : Channel, optional
        The sandboxed kernel, for functions (:class:`.channel.Channel`).
    test : int, optional
        Which test's export a function belongs to.
    """
    try:
        return _decode(data, _Context(portfolio, remote, test), what, 0)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as error:
        return Opaque(what, f"its data is malformed ({type(error).__name__})")
