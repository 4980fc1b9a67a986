"""Parameter dtypes, the byte sizes Keras prints beside parameter counts, and size strings (``2 MB``)."""

from __future__ import annotations

import re

#: Bytes per parameter for each dtype a spec may name.
DTYPE_BYTES = {
    "float32": 4,
    "float16": 2,
    "bfloat16": 2,
    "float64": 8,
    "int8": 1,
}

#: Keras mixed-precision policies compute in 16 bits but keep their variables in float32.
MIXED_POLICY_VARIABLE_DTYPE = {
    "mixed_float16": "float32",
    "mixed_bfloat16": "float32",
}

DEFAULT_DTYPE = "float32"

#: Bytes per number of a weight that has a dtype of its own (a custom layer's ``add_weight(dtype=...)``):
#: Keras's ``dtype_utils.DTYPE_TO_SIZE``, whose summary sizes each variable by its dtype. Its ``bool`` is one
#: bit, a size lstmcalc's whole bytes cannot hold, and is left out.
WEIGHT_DTYPE_BYTES = {
    **{f"float{bits}": bits // 8 for bits in (16, 32, 64)},
    "bfloat16": 2,
    **{f"{kind}int{bits}": bits // 8 for kind in ("", "u") for bits in (8, 16, 32, 64)},
}


def variable_dtype(dtype: str) -> str:
    """The dtype a layer's weights are stored in, for a dtype or mixed-precision policy name."""
    return MIXED_POLICY_VARIABLE_DTYPE.get(dtype, dtype)


def readable_size(num_bytes: int) -> str:
    """``794.76 KB``: 1024-based with two decimals, exactly as Keras's summary writes sizes."""
    if num_bytes >= 1024**5:
        # Past a petabyte Keras stays in PB; Decimal keeps absurd sizes exact instead of overflowing a float.
        from decimal import Decimal

        return f"{Decimal(num_bytes) / Decimal(1024**5):.2f} PB"
    size = float(num_bytes)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    raise AssertionError("unreachable: sizes of a petabyte and more are handled above")


#: Units of a size string such as ``2 MB``: SI (1000-based) and IEC (1024-based), case as written.
SIZE_UNITS = {
    "B": 1,
    "kB": 1000,
    "MB": 1000**2,
    "GB": 1000**3,
    "TB": 1000**4,
    "KiB": 1024,
    "MiB": 1024**2,
    "GiB": 1024**3,
    "TiB": 1024**4,
}
# A pattern, compiled (and cached by re) on first use: most specs give no size string.
_SIZE = r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([A-Za-z]*)\s*"


def parse_size(text: str) -> int:
    """The whole number of bytes in ``2 MB``, ``1.5MiB``, ``500kB`` or ``800000`` (bytes), rounded down.

    Raises ``ValueError`` saying what is wrong with ``text``.
    """
    match = re.fullmatch(_SIZE, text)
    if not match:
        raise ValueError(f"expected a size such as '2 MB', '1.5 MiB' or '500kB', got {text!r}")
    number, unit = match.groups()
    if unit == "KB":
        # Keras prints "KB" for 1024 bytes while SI's kilobyte is "kB": make the writer choose.
        raise ValueError(f"'KB' is ambiguous in {text!r}: write 'kB' for 1000 bytes or 'KiB' for 1024 bytes")
    if unit and unit not in SIZE_UNITS:
        raise ValueError(f"unknown size unit {unit!r} in {text!r}; use {', '.join(SIZE_UNITS)}")
    # Decimal keeps "1.1 MiB" exact; a budget of 1153433.6 bytes admits exactly the counts up to 1153433.
    # (Imported here, as above, so that specs without size strings never pay for it.)
    from decimal import Decimal

    return int(Decimal(number) * SIZE_UNITS[unit or "B"])
