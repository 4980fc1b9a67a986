"""torch.nn's other activation modules: ELU, SiLU, SELU, CELU, Mish, Softplus, Softsign, Hardtanh,
ReLU6, Hardswish, Hardsigmoid, LogSigmoid, Tanhshrink, Softshrink, Hardshrink, Threshold and Softmin,
each the same shape out, and GLU, which halves one axis. No weights and no multiply-accumulates (as
lstmcalc counts activations). What torch refuses, they refuse: Hardtanh's bounds out of order when
made; CELU's alpha 0, Softshrink's negative lambd, Softmin's ``dim`` out of range and GLU's odd axis
when called."""

from __future__ import annotations

from typing import Any

from lstm_calc.arguments import Argument, arguments
from lstm_calc.layers.base import COMMON_ARGUMENTS, LayerInputError, Weight
from lstm_calc.layers.torch_activations import INPLACE, ElementWise, Softmax, TorchActivation
from lstm_calc.layers.torch_code import unless
from lstm_calc.layers.torch_only import integer, optional_real_number, real_number, torch_axis
from lstm_calc.shapes import Shape, Shapes, describe_shape


class ELU(ElementWise):
    """``nn.ELU(alpha=1.0, inplace=False)``."""

    class_name = torch_class_name = "ELU"
    arguments = arguments(Argument("alpha", real_number, 1.0), INPLACE, *COMMON_ARGUMENTS)
    torch_positional = ("alpha", "inplace")


class CELU(ElementWise):
    """``nn.CELU(alpha=1.0, inplace=False)``: torch divides by alpha when called, so refuses 0 then."""

    class_name = torch_class_name = "CELU"
    arguments = arguments(Argument("alpha", real_number, 1.0), INPLACE, *COMMON_ARGUMENTS)
    torch_positional = ("alpha", "inplace")

    def check_input(self, input_shape: Shape) -> None:
        if self.config["alpha"] == 0:
            raise LayerInputError(
                "has alpha: 0, which torch divides by (torch: ZeroDivisionError: alpha cannot be 0 for CELU)",
                argument="alpha",
            )


class InPlace(ElementWise):
    """A module whose one argument is ``inplace``."""

    arguments = arguments(INPLACE, *COMMON_ARGUMENTS)
    torch_positional = ("inplace",)


class SiLU(InPlace):
    """``nn.SiLU(inplace=False)``: x · sigmoid(x), also called swish."""

    class_name = torch_class_name = "SiLU"


class SELU(InPlace):
    """``nn.SELU(inplace=False)``."""

    class_name = torch_class_name = "SELU"


class Mish(InPlace):
    """``nn.Mish(inplace=False)``."""

    class_name = torch_class_name = "Mish"


class ReLU6(InPlace):
    """``nn.ReLU6(inplace=False)``: Hardtanh(0, 6) in torch, which takes no bounds for it."""

    class_name = torch_class_name = "ReLU6"


class Hardswish(InPlace):
    """``nn.Hardswish(inplace=False)``."""

    class_name = torch_class_name = "Hardswish"


class Hardsigmoid(InPlace):
    """``nn.Hardsigmoid(inplace=False)``."""

    class_name = torch_class_name = "Hardsigmoid"


class Softsign(ElementWise):
    """``nn.Softsign()``."""

    class_name = torch_class_name = "Softsign"


class LogSigmoid(ElementWise):
    """``nn.LogSigmoid()``."""

    class_name = torch_class_name = "LogSigmoid"


class Tanhshrink(ElementWise):
    """``nn.Tanhshrink()``."""

    class_name = torch_class_name = "Tanhshrink"


class Softplus(ElementWise):
    """``nn.Softplus(beta=1.0, threshold=20.0)``: torch takes any beta, 0 and negatives too."""

    class_name = torch_class_name = "Softplus"
    arguments = arguments(
        Argument("beta", real_number, 1.0), Argument("threshold", real_number, 20.0), *COMMON_ARGUMENTS
    )
    torch_positional = ("beta", "threshold")


class Hardshrink(ElementWise):
    """``nn.Hardshrink(lambd=0.5)``: torch takes a negative lambd too."""

    class_name = torch_class_name = "Hardshrink"
    arguments = arguments(Argument("lambd", real_number, 0.5), *COMMON_ARGUMENTS)
    torch_positional = ("lambd",)


class Softshrink(Hardshrink):
    """``nn.Softshrink(lambd=0.5)``: torch refuses a negative lambd when called."""

    class_name = torch_class_name = "Softshrink"

    def check_input(self, input_shape: Shape) -> None:
        lambd = self.config["lambd"]
        if lambd < 0:
            raise LayerInputError(
                f"has lambd: {lambd}, but torch takes 0 or more (torch: lambda must be in range "
                f"[0, 3.40282e+38] for input dtype Float, but found {lambd})",
                argument="lambd",
            )


class Threshold(ElementWise):
    """``nn.Threshold(threshold, value, inplace=False)``: value where x ≤ threshold, x elsewhere."""

    class_name = torch_class_name = "Threshold"
    arguments = arguments(
        Argument("threshold", real_number), Argument("value", real_number), INPLACE, *COMMON_ARGUMENTS
    )
    torch_positional = ("threshold", "value", "inplace")


class Hardtanh(ElementWise):
    """``nn.Hardtanh(min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None)``: x
    clipped to [min_val, max_val]. ``min_value`` and ``max_value`` are torch's deprecated spellings,
    which win where given; torch's constructor refuses bounds that are not in order."""

    class_name = torch_class_name = "Hardtanh"
    arguments = arguments(
        Argument("min_val", real_number, -1.0),
        Argument("max_val", real_number, 1.0),
        INPLACE,
        Argument("min_value", optional_real_number, None),
        Argument("max_value", optional_real_number, None),
        *COMMON_ARGUMENTS,
    )
    torch_positional = ("min_val", "max_val", "inplace", "min_value", "max_value")

    def bounds(self) -> tuple[float, float]:
        """(min_val, max_val) as torch keeps them."""
        config = self.config
        low, high = config["min_value"], config["max_value"]
        return (config["min_val"] if low is None else low, config["max_val"] if high is None else high)

    def weights(self, input_shape: Shape) -> list[Weight]:
        low, high = self.bounds()
        if high <= low:  # torch's constructor asserts it, whatever the call
            argument = "max_val" if self.config["max_value"] is None else "max_value"
            raise LayerInputError(
                f"has max_val {high}, not above min_val {low} (torch: max_val ({high}) must be greater than "
                f"min_val ({low}))",
                argument=argument,
            )
        return []

    def torch_options(self) -> dict[str, Any]:
        low, high = self.bounds()  # under their current names: torch warns of the deprecated ones
        inplace = unless(self.config["inplace"], False)
        return {"min_val": unless(low, -1.0), "max_val": unless(high, 1.0), "inplace": inplace}


class Softmin(Softmax):
    """``nn.Softmin(dim=None)``: Softmax of -x, the same shape; ``dim`` as Softmax's."""

    class_name = torch_class_name = "Softmin"


class GLU(TorchActivation):
    """``nn.GLU(dim=-1)``: one half of axis ``dim`` gated by the sigmoid of the other, so that axis
    halves; torch refuses it of odd size when called."""

    class_name = torch_class_name = "GLU"
    arguments = arguments(Argument("dim", integer, -1), *COMMON_ARGUMENTS)
    torch_positional = ("dim",)

    def check_input(self, input_shape: Shape) -> None:
        if not input_shape:
            raise LayerInputError("receives a 0-D tensor (torch: glu does not support scalars)")
        axis = torch_axis(self.config["dim"], input_shape)
        size = input_shape[axis]
        if size is not None and size % 2:
            raise LayerInputError(
                f"halves axis {axis} of its input {describe_shape(input_shape)}, of odd size {size} "
                f"(torch: Halving dimension must be even, but dimension {axis} is size {size})",
                argument="dim",
            )

    def output_shape(self, input_shape: Shape) -> Shapes:
        axis = torch_axis(self.config["dim"], input_shape)
        size = input_shape[axis]
        return (*input_shape[:axis], None if size is None else size // 2, *input_shape[axis + 1 :])
