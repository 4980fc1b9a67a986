"""Compute and memory figures for a summary, as torchinfo reports them: MACs, input,
forward/backward activations, parameters and their total, for a batch size and dtype.

Conventions (the README compares them with torchinfo's):

- MACs are multiply-accumulates of the layers' weight matrices (:meth:`Layer.macs`);
  per sample in each layer, times the batch size in the total.
- The forward/backward pass size is twice (the activations and their gradients) the
  bytes of the first output of every layer that has parameters, as torchinfo counts it.
- Every size is exact in bytes; where the time axis is unknown, the part that grows
  with it is given per time step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lstm_calc.amount import Amount, positions, total
from lstm_calc.arguments import MAX_INTEGER_DIGITS
from lstm_calc.module_calls import ID_BYTES, takes_ids
from lstm_calc.shapes import describe_shape, first_shape, listed_shapes
from lstm_calc.sizes import DTYPE_BYTES

if TYPE_CHECKING:
    from lstm_calc.shapes import Shape
    from lstm_calc.summary import ModelSummary


class StatsError(Exception):
    """A batch size or dtype the summary cannot be measured with."""


@dataclass(frozen=True)
class ModelStats:
    """The footer's figures for one batch: plain data for every renderer."""

    #: None for PyTorch code, whose figures are for the whole input --input-shape gives.
    batch_size: int | None
    dtype: str
    macs: Amount
    input_bytes: Amount
    forward_backward_bytes: Amount
    param_bytes: int
    #: The input's dtypes where they are not ``dtype`` (PyTorch code's integer ids: "int64").
    input_dtype: str | None = None

    @property
    def total_bytes(self) -> Amount:
        """Input, forward/backward pass and parameters together, as torchinfo's estimated total."""
        return self.input_bytes + self.forward_backward_bytes + Amount(self.param_bytes)


def model_stats(summary: ModelSummary, batch_size: int | None = None, dtype: str | None = None) -> ModelStats:
    """The figures for ``batch_size`` samples (default: the spec's fixed batch size, else 1).

    ``dtype`` sets the element size of the input, the activations and the parameters;
    by default the activations and input take the spec's dtype and each layer's
    parameters its own dtype, as ``param_bytes`` does.
    """
    if summary.uncounted_macs:
        raise StatsError(f"--stats cannot count this model's MACs exactly: {summary.uncounted_macs}")
    if summary.whole_input_stats is not None:
        return _whole_input_stats(summary, batch_size, dtype)
    if not summary.counts_macs:
        raise ValueError("the summary was built without MACs (count_macs=False); build it with them for its stats")
    # A graph with several inputs has a list of input shapes; they share one batch axis.
    input_shapes = summary.input_shape if isinstance(summary.input_shape, list) else [summary.input_shape]
    _refuse_unknown_areas(summary, input_shapes)
    fixed_batch = next((shape[0] for shape in input_shapes if shape[0] is not None), None)
    if batch_size is not None and fixed_batch is not None and batch_size != fixed_batch:
        raise StatsError(
            f"the spec fixes the batch size at {fixed_batch} (input.batch_size or batch_input_shape), "
            f"so --batch-size {batch_size} contradicts it; leave --batch-size out"
        )
    if batch_size is not None and batch_size >= 10**MAX_INTEGER_DIGITS:
        # Every figure is multiplied by it, and must still print (Python prints 4,300 digits at most).
        raise StatsError(f"--batch-size has at most {MAX_INTEGER_DIGITS:,} digits, as integers in a spec do")
    batch = batch_size or fixed_batch or 1
    if dtype is not None and dtype not in DTYPE_BYTES:
        raise StatsError(f"unknown dtype {dtype!r}; use one of {', '.join(DTYPE_BYTES)}")
    element = DTYPE_BYTES[dtype or summary.dtype]
    activations = total(positions(first_shape(layer.output_shape)[1:]) for layer in summary.layers if layer.params)
    param_bytes = summary.param_bytes if dtype is None else summary.total_params * element
    return ModelStats(
        batch_size=batch,
        dtype=dtype or summary.dtype,
        macs=total(layer.macs for layer in summary.layers) * batch,
        input_bytes=total(positions(shape[1:]) for shape in input_shapes) * (batch * element),
        forward_backward_bytes=activations * (2 * batch * element),
        param_bytes=param_bytes,
    )


#: How to give --stats what it needs, when two axes are of unknown size.
_GIVE_SIZES = "--stats counts MACs and sizes per time step, so give every axis but one a size in the input's shape"


def _refuse_unknown_areas(summary: ModelSummary, input_shapes: list[Shape]) -> None:
    """Every figure is ``a + b × T`` for one unknown axis T: a shape with two or more axes of
    unknown size (an image's rows and cols) grows with their product, which no such figure can
    state, so lstmcalc asks for the sizes instead of printing a number that would be wrong."""
    for shape in input_shapes:
        if shape[1:].count(None) > 1:
            raise StatsError(f"the input {describe_shape(shape)} has more than one axis of unknown size; {_GIVE_SIZES}")
    for layer in summary.layers:
        if not layer.params:
            continue  # no weights: no MACs, and no activations counted
        for shape in (*listed_shapes(layer.input_shape), *listed_shapes(layer.output_shape)):
            if shape[1:].count(None) > 1:
                raise StatsError(
                    f"layer '{layer.name}' ({layer.type}) works on {describe_shape(shape)}, which has more than "
                    f"one axis of unknown size; {_GIVE_SIZES}"
                )


def _whole_input_stats(summary: ModelSummary, batch_size: int | None, dtype: str | None) -> ModelStats:
    """PyTorch code's figures: for the whole input ``--input-shape`` gives, as its layers' MACs are.

    Its batch axis is wherever the code takes it (time first for a time-major module), so
    nothing is multiplied by a batch size: the input is each tensor's elements, and the
    forward/backward pass twice the first output of each call of a module holding parameters.
    """
    if summary.whole_input_stats:
        raise StatsError(f"--stats cannot count this model's MACs exactly: {summary.whole_input_stats}")
    if batch_size is not None:
        raise StatsError(
            "--batch-size: PyTorch code's figures are for the tensors --input-shape gives; put the batch size there"
        )
    if dtype is not None and dtype not in DTYPE_BYTES:
        raise StatsError(f"unknown dtype {dtype!r}; use one of {', '.join(DTYPE_BYTES)}")
    element = DTYPE_BYTES[dtype or summary.dtype]
    holding = {layer.name for layer in summary.layers if layer.params}
    # a module held under two names is called under its last (a TCN block's conv1, as net.0)
    holding |= {call_path for call_path, row in summary.call_aliases if row in holding}
    calls = summary.module_calls
    inputs = calls[0].inputs or ()
    outputs = [call.outputs[0] for call in summary.module_calls if call.path in holding and call.outputs]
    ids = [takes_ids(calls, shape) for shape in inputs]
    input_dtypes = dict.fromkeys("int64" if is_ids else (dtype or summary.dtype) for is_ids in ids)
    return ModelStats(
        batch_size=None,
        dtype=dtype or summary.dtype,
        macs=total(layer.macs for layer in summary.layers),
        input_bytes=total(positions(shape) * (ID_BYTES if is_ids else element) for shape, is_ids in zip(inputs, ids)),
        forward_backward_bytes=total(positions(shape) for shape in outputs) * (2 * element),
        param_bytes=summary.param_bytes if dtype is None else summary.total_params * element,
        input_dtype=" and ".join(input_dtypes) if any(ids) else None,
    )
