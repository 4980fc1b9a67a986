"""Wrappers around another layer: TimeDistributed and Bidirectional.

A wrapper's ``layer`` (and ``backward_layer``) argument holds the wrapped :class:`Layer`,
parsed and named by the spec reader before the wrapper itself, as Keras names the
inner layer first; its ``declaration`` says where the spec writes it, for errors.
Wrapped weights are listed under the inner layer's name
(``forward_lstm/kernel``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from lstm_calc.amount import Amount, positions
from lstm_calc.arguments import KERAS, Argument, _describe, arguments, json_schema, one_of
from lstm_calc.layers.base import COMMON_ARGUMENTS, Layer, LayerInputError, Weight
from lstm_calc.layers.keras_masks import DROPS, KEEPS, MaskRule
from lstm_calc.shapes import Shape, Shapes, describe_shape

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lstm_calc.formula_expressions import Expr


# The schema refers nested layers to the layer definition itself (see lstm_calc.schema).
@json_schema({"type": "object"})
def layer_mapping(value: Any) -> str | None:
    """A nested layer is a mapping with a type; the spec reader parses it like any layer."""
    if isinstance(value, dict):
        return None
    return f"expected a layer such as {{type: LSTM, units: 64}}, got {_describe(value)}"


@json_schema({"type": ["object", "null"]})
def optional_layer_mapping(value: Any) -> str | None:
    return None if value is None else layer_mapping(value)


def _run(inner: Layer[Any], input_shape: Shape, rename: str | None = None) -> tuple[Shapes, list[Weight]]:
    """The inner layer's output shape and its weights, named ``<inner name>/<weight>``.

    Errors name the inner layer and point at it in the spec.
    """
    name = rename or declared_name(inner)
    try:
        inner.check_input(input_shape)
        shapes = inner.output_shape(input_shape)
        weights = inner.weights(input_shape)
    except LayerInputError as error:
        declaration = inner.declaration
        location = None
        if declaration is not None:
            location = declaration.argument_location(error.argument) if error.argument else declaration.location
        raise LayerInputError(f"wraps '{name}' ({inner.type_name}), which {error.message}", location=location) from None
    trainable = inner.trainable
    return shapes, [
        weight._replace(name=f"{name}/{weight.name}", trainable=weight.trainable and trainable) for weight in weights
    ]


def declared_name(layer: Layer[Any]) -> str:
    """The name the spec reader gave a wrapped layer (its own ``name``, or Keras's automatic one)."""
    if layer.declaration is not None:
        name: str = layer.declaration.name
        return name
    return layer.name or layer.class_name.lower()


def _sequence_and_states(outputs: Shapes) -> tuple[Shape, list[Shape]]:
    """A recurrent layer's outputs: the sequence, and the states when it returns them (``return_state``)."""
    if isinstance(outputs, list):
        return outputs[0], outputs[1:]
    return outputs, []


def _agreeing(forward: Sequence[int | None], backward: Sequence[int | None], broadcast: bool) -> Shape | None:
    """The axes two tensors share, where a size one of them leaves unknown is the other's and, with
    ``broadcast``, a size of 1 stretches to the other's; None when a pair of sizes cannot agree."""
    if len(forward) != len(backward):
        return None
    axes: list[int | None] = []
    for ahead, behind in zip(forward, backward):
        if ahead == behind or (broadcast and behind == 1):
            axes.append(ahead)
        elif broadcast and ahead == 1:
            axes.append(behind)
        elif ahead is None or behind is None:
            axes.append(behind if ahead is None else ahead)
        else:
            return None
    return tuple(axes)


class Wrapper(Layer[Shape]):
    """A layer applied through another one.

    Its own ``trainable: false`` freezes nothing: Keras 3 passes the constructor argument
    to the wrapper only, and the wrapped layer's weights stay trainable (its
    ``trainable: false`` is what freezes them).
    """

    freezes_weights = False
    #: Whether Keras computes the wrapper's output shape with the wrapped layer's ``compute_output_shape()``.
    asks_inner_output_shape: ClassVar[bool] = False

    @property
    def weight_dtype(self) -> str | None:
        # The weights belong to the wrapped layer, which keeps its own dtype (Keras ignores the wrapper's).
        return self.inner.weight_dtype

    #: The arguments that hold nested layer specs.
    nested_arguments: ClassVar[tuple[str, ...]] = ("layer",)
    #: Those Keras copies from the given layer's config rather than holding the object itself: read as that
    #: config is when the wrapper is made (a flag set on the object later does not reach the copy).
    copied_arguments: ClassVar[tuple[str, ...]] = ()

    @property
    def inner(self) -> Layer[Any]:
        """The wrapped layer (for Bidirectional, the forward one)."""
        inner: Layer[Any] = self.config["layer"]
        return inner

    @property
    def backward_inner(self) -> Layer[Any] | None:
        """Bidirectional's ``backward_layer`` when one is given; None otherwise (and for other wrappers)."""
        return self.config.get("backward_layer")

    def __init__(self, config: dict[str, Any], framework: str = KERAS) -> None:
        super().__init__(config, framework)
        self._runs: dict[tuple[int, str | None, Shape], tuple[Shapes, list[Weight]]] = {}

    def _run(self, inner: Layer[Any], input_shape: Shape, rename: str | None = None) -> tuple[Shapes, list[Weight]]:
        """:func:`_run`, computed once per input shape.

        output_shape, weights and macs each need the inner layer's run; without this a
        wrapper inside a wrapper would be run twice per level, 2**depth times in all.
        """
        key = (id(inner), rename, input_shape)
        if key not in self._runs:
            self._runs[key] = _run(inner, input_shape, rename)
        shapes, weights = self._runs[key]
        return shapes, list(weights)


class TimeDistributed(Wrapper):
    """Applies its layer to every time step: (batch, time_steps, ...) with the layer on (batch, ...)."""

    class_name = "TimeDistributed"
    #: Keras's TimeDistributed.compute_output_shape calls the wrapped layer's: a user's layer class without
    #: one cannot be wrapped (readers/custom_layers.py refuses it, as Keras does).
    asks_inner_output_shape = True
    keras_takes_mask = True
    keras_mask = KEEPS
    arguments = arguments(Argument("layer", layer_mapping), *COMMON_ARGUMENTS)
    keras_positional = ("layer",)
    input_min_ndim = 3
    input_axes = ("batch", "time_steps", "...")

    def _inner(self, input_shape: Shape) -> tuple[Shape, list[Weight]]:
        shapes, weights = self._run(self.inner, (input_shape[0], *input_shape[2:]))
        if isinstance(shapes, list):
            raise LayerInputError(
                f"wraps '{declared_name(self.inner)}', which has {len(shapes)} outputs; "
                "TimeDistributed needs a layer with one"
            )
        return shapes, weights

    def output_shape(self, input_shape: Shape) -> Shapes:
        inner_shape, _ = self._inner(input_shape)
        return (inner_shape[0], input_shape[1], *inner_shape[1:])

    def weights(self, input_shape: Shape) -> list[Weight]:
        return self._inner(input_shape)[1]

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """The wrapped layer's MACs on one time step, times the time steps."""
        step_input = (input_shape[0], *input_shape[2:])
        inner = self.inner.macs(step_input, self._inner(input_shape)[0])
        return positions(input_shape[1:2]).times(inner)

    def counterpart_params(self, input_shape: Shape) -> int | None:
        return self.inner.counterpart_params((input_shape[0], *input_shape[2:]))

    def count_note(self, keras: int | None, torch: int | None) -> str:
        return self.inner.count_note(keras, torch)


def _bidirectional_kinds() -> str:
    """The kinds Bidirectional takes, from the registry: ``LSTM, GRU, SimpleRNN, ConvLSTM1D or ConvLSTM2D``."""
    from lstm_calc.layers import LAYER_TYPES

    names = list(dict.fromkeys(kind.class_name for kind in LAYER_TYPES.values() if kind.wraps_in_bidirectional))
    return f"{', '.join(names[:-1])} or {names[-1]}"


class Bidirectional(Wrapper):
    """Runs a recurrent layer forwards and a copy of it backwards, merging their outputs.

    It takes what its layer takes (Keras gives it the layer's ``input_spec``): a 3-D sequence
    for an LSTM, a 5-D sequence of frames for a ConvLSTM2D.
    """

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    merge_mode: str | None

    class_name = "Bidirectional"
    takes_initial_state = keras_takes_mask = True
    keras_input_argument = "sequences"
    nested_arguments = ("layer", "backward_layer")
    #: Keras builds the forward layer afresh from the config of the layer given (not the backward_layer).
    copied_arguments = ("layer",)
    arguments = arguments(
        Argument("layer", layer_mapping),
        Argument("merge_mode", one_of("concat", "sum", "mul", "ave", None), "concat"),
        Argument("backward_layer", optional_layer_mapping, None),
        *COMMON_ARGUMENTS,
    )
    input_axes = ("batch", "time_steps", "...")
    keras_positional = ("layer", "merge_mode", "weights", "backward_layer")

    def keras_mask_rule(self, input_shape: Shape) -> MaskRule:
        """Bidirectional.compute_mask: the mask on a merged sequence, none on last steps; unmerged
        sequences (a mask each) and states are not followed."""
        if self.inner.config["return_state"] or self.merge_mode is None:
            return None
        return KEEPS if self.inner.config["return_sequences"] else DROPS

    @property
    def forward_name(self) -> str:
        return "forward_" + declared_name(self.inner).removeprefix("forward_")

    @property
    def backward_name(self) -> str:
        if self.backward_inner is not None:
            return declared_name(self.backward_inner)
        return "backward_" + declared_name(self.inner).removeprefix("backward_")

    def check_input(self, input_shape: Shape) -> None:
        """Refuse a layer Bidirectional cannot run, then an input its layer refuses."""
        self._check_layers()
        self.inner.check_input(input_shape)

    def _check_layers(self) -> None:
        forward = self.inner
        if not forward.wraps_in_bidirectional:
            raise LayerInputError(
                f"wraps '{declared_name(forward)}' ({forward.type_name}), but Bidirectional needs a recurrent layer "
                f"({_bidirectional_kinds()})",
                argument="layer",
            )
        backward = self.backward_inner
        if backward is None:
            if forward.config["go_backwards"]:
                raise LayerInputError(
                    f"wraps '{declared_name(forward)}', which has go_backwards: true, so both copies would run "
                    "backwards; leave go_backwards out (Bidirectional makes the backward copy)",
                    argument="layer",
                )
            return
        if not backward.wraps_in_bidirectional:
            raise LayerInputError(
                f"has backward_layer '{declared_name(backward)}' ({backward.type_name}), but it must be a "
                f"recurrent layer ({_bidirectional_kinds()})",
                argument="backward_layer",
            )
        if bool(forward.config["go_backwards"]) == bool(backward.config["go_backwards"]):
            raise LayerInputError(
                "needs its layer and backward_layer to run in opposite directions; "
                "set go_backwards: true on backward_layer",
                argument="backward_layer",
            )
        for option in ("stateful", "return_sequences", "return_state"):
            if forward.config[option] != backward.config[option]:
                raise LayerInputError(
                    f"needs the same {option} on its layer and backward_layer, got "
                    f"{forward.config[option]} and {backward.config[option]}",
                    argument="backward_layer",
                )

    def _directions(self, input_shape: Shape) -> tuple[tuple[Shapes, list[Weight]], tuple[Shapes, list[Weight]]]:
        self._check_layers()
        forward = self._run(self.inner, input_shape, self.forward_name)
        backward = self._run(self.backward_inner or self.inner, input_shape, self.backward_name)
        return forward, backward

    @property
    def return_state(self) -> bool:
        return bool(self.inner.config.get("return_state"))

    def keras_state_items(self) -> tuple[int, ...] | None:
        forward = self.inner.keras_state_items()
        backward = (self.backward_inner or self.inner).keras_state_items()
        return None if forward is None or backward is None else (*forward, *backward)

    def state_shapes(self, input_shape: Shape) -> list[Shape]:
        """The forward layer's states, then the backward layer's: Keras's call hands the first half of
        ``initial_state`` to the forward layer and the rest to the backward one."""
        self._check_layers()
        forward = self.inner.state_shapes(input_shape)
        backward = (self.backward_inner or self.inner).state_shapes(input_shape)
        if len(forward) != len(backward):
            raise LayerInputError(
                f"keeps {len(forward)} states in its layer and {len(backward)} in its backward_layer, but Keras "
                "hands each direction half of initial_state; give backward_layer the layer's kind",
                argument="initial_state",
            )
        return forward + backward

    def hint_to_keep_time_axis(self, layer_name: str) -> str | None:
        if self.inner.config.get("return_sequences"):
            return None
        return f"set return_sequences: true on the layer inside '{layer_name}'"

    def output_shape(self, input_shape: Shape) -> Shapes:
        (forward_outputs, _), (backward_outputs, _) = self._directions(input_shape)
        forward, forward_states = _sequence_and_states(forward_outputs)
        backward, backward_states = _sequence_and_states(backward_outputs)
        outputs = [forward, backward] if self.merge_mode is None else [self._merged(forward, backward)]
        outputs += forward_states + backward_states
        self._check_sized_as_forward(outputs, forward, forward_states)
        return outputs[0] if len(outputs) == 1 else outputs

    def _check_sized_as_forward(self, outputs: list[Shape], forward: Shape, forward_states: list[Shape]) -> None:
        """Keras's summary sizes the outputs from the forward layer alone (``compute_output_shape``), and
        builds the next layer on them: where a backward_layer of its own makes the merged outputs
        another shape, no count after it could be both Keras's and right, so it is refused."""
        if self.merge_mode == "concat":
            width = forward[-1]
            assert width is not None  # recurrent outputs end in units (ConvLSTM's in filters)
            keras = [(*forward[:-1], width * 2)]
            units = "filters" if "filters" in self.inner.config else "units"
            sized = f"forward {units} × 2 = {width} × 2 = {width * 2}, {describe_shape(keras[0])}"
        else:
            keras = [forward, forward] if self.merge_mode is None else [forward]
            sized = f"the forward layer's {describe_shape(forward)}"
        if outputs == keras + forward_states + forward_states:
            return
        if forward_states:
            sized += ", and both directions' states as the forward layer's"
        got = ", ".join(describe_shape(shape) for shape in outputs)
        raise LayerInputError(
            f"gives {got} from its layer and backward_layer (merge_mode {self.merge_mode}), but Keras's summary "
            f"sizes the output from the forward layer alone, as {sized}, and builds the next layer on that, so the "
            "model cannot run past it; give backward_layer the same units and settings as the layer",
            argument="backward_layer",
        )

    def _merged(self, forward: Shape, backward: Shape) -> Shape:
        """The two directions' outputs merged as Keras's call merges them (its summary sizes the result
        from the forward layer alone): joined along the last axis, or added, multiplied or averaged
        element-wise, which broadcasts an axis of 1; a backward_layer of another shape can make them
        impossible to merge, which Keras builds but cannot run."""
        if self.merge_mode == "concat":
            merged = _agreeing(forward[:-1], backward[:-1], broadcast=False)
            forward_width, backward_width = forward[-1], backward[-1]
            # Recurrent outputs end in units (ConvLSTM's in filters), which a spec always gives.
            assert forward_width is not None and backward_width is not None
            if merged is not None:
                return (*merged, forward_width + backward_width)
            rule = "every axis but the last must agree"
        else:
            merged = _agreeing(forward, backward, broadcast=True)
            if merged is not None:
                return merged
            rule = "element-wise, every axis must agree or be 1"
        raise LayerInputError(
            f"cannot merge its forward output {describe_shape(forward)} and backward output "
            f"{describe_shape(backward)} with merge_mode {self.merge_mode} ({rule}); Keras builds this "
            "but cannot run it; give backward_layer the settings that make its output the same shape",
            argument="backward_layer",
        )

    def weights(self, input_shape: Shape) -> list[Weight]:
        (_, forward_weights), (_, backward_weights) = self._directions(input_shape)
        return forward_weights + backward_weights

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """Both directions' MACs."""
        (forward_shapes, _), (backward_shapes, _) = self._directions(input_shape)
        backward = self.backward_inner or self.inner
        return self.inner.macs(input_shape, forward_shapes) + backward.macs(input_shape, backward_shapes)

    def counterpart_params(self, input_shape: Shape) -> int | None:
        # torch.nn's bidirectional=True: one module holding both directions.
        twins = [layer.counterpart_params(input_shape) for layer in (self.inner, self.backward_inner or self.inner)]
        counted = [twin for twin in twins if twin is not None]
        return sum(counted) if len(counted) == len(twins) else None

    def count_note(self, keras: int | None, torch: int | None) -> str:
        note = self.inner.count_note(keras, torch)
        # A kind with no torch.nn twin (ConvLSTM) has no count to compare in either direction.
        return note if torch is None and keras is not None else note + " (both directions)"

    def params_formula(self, input_shape: Shape) -> Expr:
        """Twice the wrapped layer's formula: the backward copy has the same weights."""
        from lstm_calc.formula_expressions import Const, product_of

        return product_of(Const(2), self.inner.params_formula(input_shape))

    def formula_type_name(self) -> str:
        return f"{self.type_name}({self.inner.type_name})"

    def explained_cell(self) -> tuple[Layer[Any], int] | None:
        cell = self.inner.explained_cell()
        if cell is None:
            return None
        # A backward_layer of its own may differ: explain the forward layer alone.
        return cell[0], 1 if self.backward_inner is not None else 2
