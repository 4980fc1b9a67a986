"""What every layer kind declares: its arguments, its input rank, its weights and its output shapes."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from lstm_calc.amount import Amount
from lstm_calc.arguments import (
    KERAS,
    PYTORCH,
    Argument,
    anything,
    boolean,
    kept,
    layer_name,
    one_of,
    optional_positive_int,
)
from lstm_calc.errors import Location
from lstm_calc.layers.keras_masks import KerasMasks
from lstm_calc.layers.torch_code import TorchTensors
from lstm_calc.shapes import Shape, Shapes, describe_shape
from lstm_calc.sizes import DTYPE_BYTES, MIXED_POLICY_VARIABLE_DTYPE

if TYPE_CHECKING:  # the type checker knows namedtuple's records; record makes the same ones
    from collections import namedtuple as record
    from collections.abc import Collection

    from lstm_calc.formula_expressions import Expr
    from lstm_calc.layers.lessons import Lesson
    from lstm_calc.layers.quick_options import QuickOptions
else:
    from lstm_calc.records import record


class Weight(record("Weight", ("name", "shape", "trainable", "dtype"), defaults=(True, None))):
    """One weight tensor, named as the framework names it (``kernel``, ``recurrent_kernel``...): ``shape``
    is a tuple of sizes; ``trainable`` is true unless the layer is frozen; ``dtype`` is None where the
    weight takes its layer's, else its own (a custom layer's ``add_weight(dtype="int32")``), which sizes it."""

    __slots__ = ()

    @property
    def size(self) -> int:
        """The number of parameters in this tensor."""
        return math.prod(self.shape)


class Declaration(record("Declaration", ("name", "location", "source"))):
    """Where a spec declares a layer, and the name the layer ends up with.

    ``source`` is the located mapping the layer was read from; errors about a layer nested
    in a wrapper point into it.
    """

    __slots__ = ()

    def argument_location(self, argument: str) -> Location:
        """Where ``argument`` is written, or the layer itself when it is left at its default."""
        location: Location = self.source.value_location(argument)
        return location


class LayerList(list["Layer[Any]"]):
    """Layers a spec lists in one nested argument (Keras's ``RNN([LSTMCell(8), GRUCell(4)])``), and the
    automatic name of the layer Keras makes to hold them (``stacked_rnn_cells``)."""

    def __init__(self, layers: list[Layer[Any]], holder_name: str) -> None:
        super().__init__(layers)
        self.holder_name = holder_name


class LayerInputError(Exception):
    """A layer cannot take the input it is given; the graph adds which layer and where.

    ``argument`` names the layer argument at fault, when there is one (``stateful``),
    so the error can point at it.
    """

    def __init__(
        self,
        message: str,
        argument: str | None = None,
        wants_more_axes: bool = False,
        location: Location | None = None,
        axes: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.argument = argument
        self.wants_more_axes = wants_more_axes
        #: Where to point instead of the layer, e.g. at a layer nested in a wrapper.
        self.location = location
        #: What the input's axes should mean, batch first, when the rank is wrong: the refusing
        #: layer's ``input_axes``, which for Bidirectional are those of the layer it wraps.
        self.axes = axes


#: Keras's ``data_format``: lstmcalc works on (batch, time_steps, features), channels last.
DATA_FORMAT = Argument(
    "data_format",
    one_of("channels_last", None),
    "channels_last",
    convention=KERAS,
    other_convention_hint="torch.nn layers have no data_format",
)


def torch_input_size(name: str) -> Argument:
    """A PyTorch constructor's input size, refused under Keras, which takes it from the input."""
    return Argument(
        name,
        optional_positive_int,
        None,
        convention=PYTORCH,
        other_convention_hint="Keras takes the input size from the input; remove it",
    )


#: What a layer with a kernel and a bias (Dense, Conv1D) takes besides its sizes: count-neutral.
KERNEL_LAYER_OPTIONS: tuple[Argument, ...] = kept(
    "activation",
    "kernel_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "bias_regularizer",
    "kernel_constraint",
    "bias_constraint",
)

#: Arguments every Keras layer takes (``keras.layers.Layer.__init__``).
COMMON_ARGUMENTS: tuple[Argument, ...] = (
    Argument("name", layer_name, None),
    Argument("trainable", boolean, True),
    # int8 is a spec-wide size only: as a layer dtype Keras reads it as a quantization policy and refuses it.
    Argument("dtype", one_of(*(d for d in DTYPE_BYTES if d != "int8"), *MIXED_POLICY_VARIABLE_DTYPE, None), None),
    Argument("activity_regularizer", anything, None, convention=KERAS),
    Argument("autocast", boolean, True, convention=KERAS),
)


#: What a layer's shape rules receive: one :data:`Shape`, or a list of them for a layer that
#: takes several tensors (:class:`lstm_calc.layers.multi_input.MultiInputLayer`, ``Layer[list[Shape]]``).
Received = TypeVar("Received")


class Layer(TorchTensors, KerasMasks, Generic[Received]):
    """A configured layer. Subclasses declare ``class_name`` and ``arguments`` and the two shape rules.

    ``config`` holds every declared argument, with defaults filled in, after the
    spec reader has checked each value. ``framework`` is the convention the layer is
    built under (``keras`` or ``pytorch``): it decides the weights' names and layout.
    """

    #: The ``name`` argument: the spec's own name for the layer, or None (``declaration.name`` is the final one).
    name: str | None

    class_name: ClassVar[str]
    #: The ``torch.nn`` class, or None where PyTorch has no such layer.
    torch_class_name: ClassVar[str | None] = None
    arguments: ClassVar[dict[str, Argument]]
    _argument_spellings: ClassVar[dict[str, Argument]]
    _config_template: ClassVar[tuple[dict[str, Any], tuple[Argument, ...]]]
    #: Exact rank the input must have (batch axis included), or None.
    input_ndim: ClassVar[int | None] = None
    #: Minimum rank of the input (batch axis included), or None.
    input_min_ndim: ClassVar[int | None] = None
    takes_ids: ClassVar[bool] = False  #: Layers that take ids (Embedding): under PyTorch they read a model input.
    #: Whether ``trainable: false`` makes this layer's weights non-trainable (not so for wrappers).
    freezes_weights: ClassVar[bool] = True
    takes_initial_state: ClassVar[bool] = False  #: Recurrent layers start from given states (``initial_state:``).
    keras_takes_mask: ClassVar[bool] = False  #: Whether Keras's call takes a ``mask`` tensor (``mask:``).
    keras_input_argument: ClassVar[str] = "inputs"  #: The Keras call's first parameter (a recurrent one's: sequences).
    #: Whether Keras's Bidirectional takes this kind: a sequence layer with ``go_backwards``,
    #: ``return_sequences``, ``return_state`` and ``stateful`` (the recurrent kinds, ConvLSTM).
    wraps_in_bidirectional: ClassVar[bool] = False
    keras3_removal: ClassVar[str | None] = None  #: A Keras 2 kind Keras 3 removed: what replaced it.
    #: How many tensors a merge layer takes (at least, at most or None); None for one-tensor layers.
    input_count: ClassVar[tuple[int, int | None] | None] = None
    #: The conventions under which this one-tensor layer also takes a list of tensors and applies
    #: itself to each (Keras's Dropout and Activation; torch.nn.Dropout takes one tensor).
    several_tensors_under: ClassVar[tuple[str, ...]] = ()
    #: What the input's axes mean, batch first, for error messages.
    input_axes: ClassVar[tuple[str, ...]] = ()
    #: The Keras constructor's leading parameters, in order, as code may pass them positionally.
    keras_positional: ClassVar[tuple[str, ...]] = ()
    #: The ``activation`` Keras gives this kind when none is given (count-neutral: read to leave
    #: a Keras config's default out of a converted spec).
    keras_default_activation: ClassVar[str] = "linear"
    #: The Keras call's parameters that take this layer's tensors one each (``layer(query, value, key)``),
    #: for a layer Keras calls with separate tensors rather than a list; empty otherwise.
    keras_call_arguments: ClassVar[tuple[str, ...]] = ()
    torch_call_arguments: ClassVar[tuple[str, ...]] = ()  # the same, in torch's forward
    #: Keyword arguments of the Keras call that are spec arguments of this layer, since they change its
    #: outputs (MultiHeadAttention's ``return_attention_scores``): read from a call, written in one.
    keras_call_options: ClassVar[tuple[str, ...]] = ()
    #: The Keras call's parameters besides ``initial_state`` and ``mask`` that take a tensor lstmcalc does not follow
    #: and default to None (MultiHeadAttention's ``attention_mask``): given None, they are not given.
    keras_optional_call_tensors: ClassVar[tuple[str, ...]] = ()
    #: The classes of the layers Keras makes unnamed inside this one when it is built (first called), each
    #: taking a name from its class's counter (MultiHeadAttention's Softmax and Dropout).
    keras_built_sublayers: ClassVar[tuple[str, ...]] = ()
    #: The spec arguments a Keras call takes after its tensor, by position, as constants a saved config
    #: writes in ``args`` (GetItem's key: ``x[key]``); each read by :meth:`keras_call_constant`.
    keras_call_constants: ClassVar[tuple[str, ...]] = ()
    #: Why only a graph spec's entry can hold this kind (an operation on a tensor), or None.
    only_in_graph: ClassVar[str | None] = None
    #: Whether a plain 'layers:' list holds it too, only_in_graph then keeping it out of other layers alone
    #: (a nested Sequential model, which Keras's Sequential model holds as a layer).
    in_plain_list: ClassVar[bool] = False

    @classmethod
    def argument_spellings(cls) -> dict[str, Argument]:
        """Every spelling of this kind's arguments (the Keras name and its aliases: ``units``,
        ``hidden_size``...) -> the argument; built once per kind, as specs look it up per layer."""
        spellings = cls.__dict__.get("_argument_spellings")  # this class's own, never a parent's
        if spellings is None:
            spellings = {
                spelling: argument
                for argument in cls.arguments.values()
                for spelling in (argument.name, *argument.aliases)
            }
            cls._argument_spellings = spellings
        return spellings

    @classmethod
    def config_template(cls) -> tuple[dict[str, Any], tuple[Argument, ...]]:
        """Every argument's default, in declaration order, and the arguments that have none;
        built once per kind (a spec's layers each start from it)."""
        template = cls.__dict__.get("_config_template")  # this class's own, never a parent's
        if template is None:
            arguments = cls.arguments.values()
            defaults = {argument.name: argument.default for argument in arguments}
            template = cls._config_template = (defaults, tuple(a for a in arguments if a.required))
        return template

    def __init__(self, config: dict[str, Any], framework: str = KERAS, declaration: Declaration | None = None) -> None:
        self.config = config
        self.framework = framework
        #: Where the spec declares the layer and its final name (None for a layer built from options alone).
        self.declaration = declaration

    @classmethod
    def kind_under(cls, framework: str, keys: Collection[str]) -> type[Layer[Any]]:
        """The kind a spec's ``type`` spelling means under ``framework`` for a layer giving ``keys``: itself,
        unless the frameworks name different layers so (Keras's ``RNN`` takes a cell, torch's is SimpleRNN)."""
        return cls

    @property
    def takes_several_tensors(self) -> bool:
        """Whether, given a list of tensors, this one-tensor layer applies itself to each."""
        return self.framework in self.several_tensors_under

    @property
    def trainable(self) -> bool:
        """``trainable`` as given (layers whose constructor lacks it, such as SpatialDropout1D, are trainable)."""
        return bool(self.config.get("trainable", True))

    @property
    def weight_dtype(self) -> str | None:
        """The dtype (or policy) this layer's weights take, when the layer sets one."""
        return self.config.get("dtype")

    @property
    def type_name(self) -> str:
        """The class name in the layer's framework: ``Dense`` for Keras, ``Linear`` for PyTorch."""
        if self.framework == PYTORCH and self.torch_class_name:
            return self.torch_class_name
        return self.class_name

    if not TYPE_CHECKING:
        # Declared arguments read as attributes (``layer.units``); each kind annotates the ones it
        # reads, with their types, so a type checker sees them and no other name.

        def __getattr__(self, name: str) -> Any:
            try:
                return self.__dict__["config"][name]
            except KeyError:
                raise AttributeError(name) from None

    def check_input(self, input_shape: Received) -> None:
        """Refuse an input of the wrong rank, as Keras's ``InputSpec`` does."""
        if not isinstance(input_shape, tuple):
            return  # several tensors: MultiInputLayer counts them
        rank = len(input_shape)
        axes = "(" + ", ".join(self.input_axes) + ")"
        if self.input_ndim is not None and rank != self.input_ndim:
            raise LayerInputError(
                f"needs a {self.input_ndim}-D input {axes} but receives {describe_shape(input_shape)}",
                wants_more_axes=rank < self.input_ndim,
                axes=self.input_axes,
            )
        if self.input_min_ndim is not None and rank < self.input_min_ndim:
            raise LayerInputError(
                f"needs an input of at least {self.input_min_ndim} dimensions {axes} "
                f"but receives {describe_shape(input_shape)}",
                wants_more_axes=True,
                axes=self.input_axes,
            )

    def state_shapes(self, input_shape: Received) -> list[Shape]:
        """The shapes of the states this layer can start from (recurrent layers only)."""
        return []

    def hint_to_keep_time_axis(self, layer_name: str) -> str | None:
        """How to make this layer pass a time axis on, when the next layer needs one."""
        return None

    def check_declared_size(self, argument: str, actual: int, unit: str = "features") -> None:
        """Refuse a PyTorch-style input size (``in_features``...) that differs from the input's, as torch would."""
        declared = self.config.get(argument)
        if declared is not None and declared != actual:
            raise LayerInputError(f"has {argument}: {declared} but receives {actual} {unit}", argument=argument)

    def output_shape(self, input_shape: Received) -> Shapes:
        """The shape (or shapes) this layer outputs for ``input_shape``."""
        raise NotImplementedError

    def keras_disputed_outputs(self, input_shape: Received) -> dict[int, str]:
        """Its outputs whose shape Keras's summary gives otherwise than its forward pass, by index, each with
        why: a layer with weights built on one could have neither Keras's count nor the model's."""
        return {}

    def weights(self, input_shape: Received) -> list[Weight]:
        """The weights this layer creates when built on ``input_shape``."""
        return []

    def buffers(self, input_shape: Received) -> list[Weight]:
        """PyTorch buffers (state that is not a parameter, such as running statistics)."""
        return []

    def macs(self, input_shape: Received, output_shape: Shapes) -> Amount:
        """Multiply-accumulates for one sample (batch axis excluded), per time step where its length is unknown.

        Layers without weight matrices (dropout, pooling, reshaping, activations) do none.
        """
        return Amount()

    # -- What the features ask a kind: --compare, params, explain, export ----------------------
    #: The options of ``lstmcalc params KIND`` for this kind, or None when it has no formula there.
    quick_options: ClassVar[QuickOptions | None] = None
    #: Whether ``lstmcalc explain KIND`` draws this kind's cell (the recurrent kinds).
    explains_cell: ClassVar[bool] = False
    #: Whether ``lstmcalc explain`` teaches this kind through :meth:`explained_lesson` instead.
    explains_lesson: ClassVar[bool] = False
    #: Why ``export --to keras`` cannot write this kind as Keras code (Lambda's function), or None.
    keras_export_refusal: ClassVar[str | None] = None
    macs_refusal: ClassVar[str | None] = None  #: Why its MACs are not counted (a user's own class), or None.
    #: Whether exported PyTorch code casts this layer's input to its dtype (not for integer ids).
    torch_casts_input: ClassVar[bool] = True
    #: In exported PyTorch code, whether it is a torch.nn module (MultiheadAttention), not an op (merges).
    torch_module_takes_tensors: ClassVar[bool] = False

    def counterpart_params(self, input_shape: Received) -> int | None:
        """The count of this layer's twin under the other convention, or None when there is none.

        The twin is this class built from the same configuration under that convention.
        """
        target = PYTORCH if self.framework == KERAS else KERAS
        if target == PYTORCH and self.torch_class_name is None:
            return None
        twin = type(self)(dict(self.config), target)
        return sum(weight.size for weight in twin.weights(input_shape))

    def count_note(self, keras: int | None, torch: int | None) -> str:
        """One line on why this layer's Keras and PyTorch counts differ, or why they agree (``--compare``)."""
        if self.framework == KERAS and self.torch_class_name is None:
            weightless = " (it has no weights)" if keras == 0 else ""
            return f"no torch.nn counterpart in lstmcalc's PyTorch convention{weightless}"
        if keras == torch == 0:
            return "no weights in either"
        return self.weights_note(keras, torch)

    def weights_note(self, keras: int | None, torch: int | None) -> str:
        """How the two conventions store this kind's weights; kinds with weights say it in their own words."""
        return "the same count" if keras == torch else "different weights"

    def keras_state_items(self) -> tuple[int, ...] | None:
        """How Keras groups the states its call returns and its ``initial_state`` takes, as the count of flat
        states in each item; None where each state is an item of its own."""
        return None

    @classmethod
    def keras_call_constant(cls, argument: str, value: Any) -> Any:
        """The spec value of a :attr:`keras_call_constants` argument from what a Keras config writes;
        ValueError where it cannot be read."""
        return value

    def keras_call_code(self, tensor: str, name: str | None) -> str | None:
        """The Keras code of this kind applied to ``tensor`` where it is an operation, not a layer
        (``x[:, -1, :]``), named ``name`` (None: Keras's automatic name); None: ``layers.Kind(...)(tensor)``."""
        return None

    @classmethod
    def keras_call_gives_several_outputs(cls, options: dict[str, Any]) -> bool:
        """Whether a Keras call with these :attr:`keras_call_options` returns a list of tensors."""
        return False

    @classmethod
    def quick_layer(cls, options: Any) -> tuple[dict[str, Any], list[int | None]]:
        """The layer mapping and per-sample input shape of ``lstmcalc params KIND`` ``options`` (with quick_options)."""
        raise NotImplementedError(f"{cls.class_name} has no quick-command formula")

    def params_formula(self, input_shape: Received) -> Expr:
        """This layer's parameter count on ``input_shape`` as the formula ``params`` shows
        (kinds with ``quick_options`` only); it states the same facts as :meth:`weights`."""
        raise NotImplementedError(f"{self.class_name} has no formula")

    def params_note(self, input_shape: Received) -> str | None:
        """A sentence ``params`` prints under the weights: why the other convention's count agrees
        or differs, for kinds whose two layouts a learner compares (None for the others)."""
        return None

    def formula_type_name(self) -> str:
        """The name ``params`` shows before this layer's formula: ``LSTM``, ``Bidirectional(LSTM)``."""
        return self.type_name

    def explained_cell(self) -> tuple[Layer[Any], int] | None:
        """The recurrent layer whose cell ``explain`` draws for this one, and how many directions
        of it this layer runs; None when there is no cell to explain."""
        return None

    def explained_lesson(self, input_shape: Received) -> Lesson | None:
        """What ``explain`` shows for this layer on ``input_shape`` when it has no recurrent cell
        (MultiHeadAttention's projections and attention); None when there is nothing to explain."""
        return None


def is_bias(weight: Weight) -> bool:
    """A bias is added, never multiplied, so it costs no multiply-accumulate."""
    name: str = weight.name
    return name.rsplit("/", 1)[-1].startswith("bias")


def refuse_stateful_without_batch(stateful: bool, batch: int | None) -> None:
    """A stateful layer keeps its states from batch to batch, one per sample: Keras needs the batch size."""
    if stateful and batch is None:
        raise LayerInputError(
            "is stateful, so it needs a fixed batch size, but the batch size is unknown; "
            "set input.batch_size (or batch_input_shape on the first layer)",
            argument="stateful",
        )


def known_last_axis(input_shape: Shape) -> int:
    """The feature axis, which sizes the weights and so must be known."""
    features = input_shape[-1]
    if features is None:
        raise LayerInputError(
            f"needs a known last axis (features) to size its weights but receives {describe_shape(input_shape)}"
        )
    return features
