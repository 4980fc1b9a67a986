"""torch.nn's element-wise modules: ReLU, Tanh, Sigmoid, GELU, LeakyReLU, Softmax, LogSoftmax and
Identity. No weights, no multiply-accumulates (as lstmcalc counts activations), the same shape out;
Softmax and LogSoftmax refuse a ``dim`` the input has not, as torch does when called."""

from __future__ import annotations

from typing import Any

from lstm_calc.arguments import Argument, arguments, boolean, one_of
from lstm_calc.layers.base import COMMON_ARGUMENTS
from lstm_calc.layers.torch_code import unless
from lstm_calc.layers.torch_only import TorchOnlyLayer, optional_integer, real_number, torch_axis
from lstm_calc.shapes import Shape, Shapes


class ElementWise(TorchOnlyLayer):
    """A module applied to every element: the input's shape out."""

    arguments = arguments(*COMMON_ARGUMENTS)

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
    arguments = arguments(Argument("inplace", boolean, False), *COMMON_ARGUMENTS)
    torch_positional = ("inplace",)

    def torch_options(self) -> dict[str, Any]:
        return {"inplace": unless(self.config["inplace"], False)}


class LeakyReLU(ElementWise):
    """``nn.LeakyReLU(negative_slope=0.01, inplace=False)``."""

    class_name = torch_class_name = "LeakyReLU"
    arguments = arguments(
        Argument("negative_slope", real_number, 0.01), Argument("inplace", boolean, False), *COMMON_ARGUMENTS
    )
    torch_positional = ("negative_slope", "inplace")

    def torch_options(self) -> dict[str, Any]:
        return {
            "negative_slope": unless(self.config["negative_slope"], 0.01),
            "inplace": unless(self.config["inplace"], False),
        }


class GELU(ElementWise):
    """``nn.GELU(approximate='none')``; torch refuses any approximation but none and tanh."""

    class_name = torch_class_name = "GELU"
    arguments = arguments(Argument("approximate", one_of("none", "tanh"), "none"), *COMMON_ARGUMENTS)
    torch_positional = ("approximate",)

    def torch_options(self) -> dict[str, Any]:
        return {"approximate": unless(self.config["approximate"], "none")}


class Softmax(ElementWise):
    """``nn.Softmax(dim=None)``: normalises along ``dim`` (torch picks one itself when it is None)."""

    class_name = torch_class_name = "Softmax"
    arguments = arguments(Argument("dim", optional_integer, None), *COMMON_ARGUMENTS)
    torch_positional = ("dim",)

    def check_input(self, input_shape: Shape) -> None:
        if self.config["dim"] is not None:
            torch_axis(self.config["dim"], input_shape)

    def torch_options(self) -> dict[str, Any]:
        return {"dim": self.config["dim"]}


class LogSoftmax(Softmax):
    """``nn.LogSoftmax(dim=None)``: the logarithm of Softmax, the same shape."""

    class_name = torch_class_name = "LogSoftmax"
