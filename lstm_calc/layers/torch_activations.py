"""torch.nn's element-wise modules: ReLU, Tanh, Sigmoid, GELU, LeakyReLU, PReLU, Softmax, LogSoftmax
and Identity (the others: :mod:`lstm_calc.layers.torch_activations_more`). No multiply-accumulates
(as lstmcalc counts activations), the same shape out; no weights but PReLU's slopes; Softmax and
LogSoftmax refuse a ``dim`` the input has not, as torch does when called."""

from __future__ import annotations

from typing import Any

from lstm_calc.arguments import Argument, arguments, boolean, one_of, positive_int
from lstm_calc.layers.base import COMMON_ARGUMENTS, LayerInputError, Weight
from lstm_calc.layers.torch_code import TorchCall, channels_first_call, unless
from lstm_calc.layers.torch_only import TorchOnlyLayer, optional_integer, real_number, torch_axis
from lstm_calc.shapes import Shape, Shapes, channels_first, describe_shape, first_shape

#: The ``inplace`` flag most of them take: it changes no shape and no count.
INPLACE = Argument("inplace", boolean, False)


class TorchActivation(TorchOnlyLayer):
    """A torch.nn activation module: exported code gives each of its ``torch_positional`` arguments by
    keyword, unless it is at its default."""

    arguments = arguments(*COMMON_ARGUMENTS)

    def torch_options(self) -> dict[str, Any]:
        # A required argument's default is REQUIRED, which no value equals: it is always written.
        return {name: unless(self.config[name], self.arguments[name].default) for name in self.torch_positional}


class ElementWise(TorchActivation):
    """A module applied to every element: the input's shape out."""

    def output_shape(self, input_shape: Shape) -> Shapes:
        return input_shape


class Identity(ElementWise):
    """``nn.Identity()``: its input, unchanged (torch takes and ignores any argument; lstmcalc none)."""

    class_name = torch_class_name = "Identity"


class Tanh(ElementWise):
    class_name = torch_class_name = "Tanh"


class Sigmoid(ElementWise):
    class_name = torch_class_name = "Sigmoid"


class ReLU(ElementWise):
    """``nn.ReLU(inplace=False)``."""

    class_name = torch_class_name = "ReLU"
    arguments = arguments(INPLACE, *COMMON_ARGUMENTS)
    torch_positional = ("inplace",)


class LeakyReLU(ElementWise):
    """``nn.LeakyReLU(negative_slope=0.01, inplace=False)``."""

    class_name = torch_class_name = "LeakyReLU"
    arguments = arguments(Argument("negative_slope", real_number, 0.01), INPLACE, *COMMON_ARGUMENTS)
    torch_positional = ("negative_slope", "inplace")


class PReLU(ElementWise):
    """``nn.PReLU(num_parameters=1, init=0.25)``: x where positive, weight·x elsewhere, with one weight
    shared or one per channel (``num_parameters`` of them: axis 1 in torch, the last axis here, as
    BatchNorm1d's features). No MACs counted, as for every activation: its weight multiplies only
    the negative elements, a count the data decides."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    num_parameters: int

    class_name = torch_class_name = "PReLU"
    arguments = arguments(
        Argument("num_parameters", positive_int, 1), Argument("init", real_number, 0.25), *COMMON_ARGUMENTS
    )
    torch_positional = ("num_parameters", "init")

    def check_input(self, input_shape: Shape) -> None:
        channels = input_shape[-1] if len(input_shape) >= 2 else 1  # torch: a 1-D input has one channel
        if self.num_parameters > 1 and channels is not None and channels != self.num_parameters:
            raise LayerInputError(
                f"has num_parameters: {self.num_parameters}, one weight per channel, but receives "
                f"{describe_shape(input_shape)}, of {channels} channels",
                argument="num_parameters",
            )

    def weights(self, input_shape: Shape) -> list[Weight]:
        return [Weight("weight", (self.num_parameters,))]

    def torch_call_shapes(self, input_shape: Shape, output_shape: Shapes) -> tuple[list[Shape], list[Shape]]:
        if self.num_parameters == 1:
            return super().torch_call_shapes(input_shape, output_shape)
        return [channels_first(input_shape)], [channels_first(first_shape(output_shape))]

    def torch_call(self, module: str, x: str, input_shape: Shape) -> TorchCall:
        if self.num_parameters == 1:  # one weight for every element: no channel to move
            return TorchCall(f"{module}({x})")
        return channels_first_call(module, x, len(input_shape), "PReLU")


class GELU(ElementWise):
    """``nn.GELU(approximate='none')``; torch refuses any approximation but none and tanh."""

    class_name = torch_class_name = "GELU"
    arguments = arguments(Argument("approximate", one_of("none", "tanh"), "none"), *COMMON_ARGUMENTS)
    torch_positional = ("approximate",)


class Softmax(ElementWise):
    """``nn.Softmax(dim=None)``: normalises along ``dim`` (torch picks one itself when it is None)."""

    class_name = torch_class_name = "Softmax"
    keras_takes_mask = True  # Keras's Softmax call takes one (torch.nn.Softmax's forward does not)
    arguments = arguments(Argument("dim", optional_integer, None), *COMMON_ARGUMENTS)
    torch_positional = ("dim",)

    def check_input(self, input_shape: Shape) -> None:
        if self.config["dim"] is not None:
            torch_axis(self.config["dim"], input_shape)


class LogSoftmax(Softmax):
    """``nn.LogSoftmax(dim=None)``: the logarithm of Softmax, the same shape."""

    class_name = torch_class_name = "LogSoftmax"
