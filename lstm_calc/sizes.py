"""Parameter dtypes and the byte sizes Keras prints beside parameter counts."""

from __future__ import annotations

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
