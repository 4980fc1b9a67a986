"""The optimizer of a model saved after ``compile()``: ``compile_config.optimizer`` in Keras 3's model
JSON and in a ``.keras`` archive's ``config.json``, read into an
:class:`~lstm_calc.optimizer_state.OptimizerSpec`.

Keras compiles such a model again when it loads it and builds the optimizer, and ``summary()``
counts the optimizer's variables (:mod:`lstm_calc.optimizer_state`). What an option does to
those variables is read from Keras 3.15's optimizers; an optimizer, an option or a value whose
variables lstmcalc cannot count exactly (a class of the user's own, Muon, MultiOptimizer, an
option Keras 3.15 does not take) is refused at its key, never guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedDict, new_located_dict
from lstm_calc.optimizer_state import FLOATX_BYTES, INT_BYTES, OptimizerSpec

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.errors import Location

#: The options every Keras optimizer takes (``BaseOptimizer.__init__``; ``decay`` is ignored with a warning).
BASE_OPTIONS = (
    "name",
    "learning_rate",
    "weight_decay",
    "clipnorm",
    "global_clipnorm",
    "clipvalue",
    "use_ema",
    "ema_momentum",
    "ema_overwrite_frequency",
    "loss_scale_factor",
    "gradient_accumulation_steps",
    "decay",
)
_ADAM = ("beta_1", "beta_2", "epsilon")
#: Each optimizer lstmcalc counts, and the options of its own.
OWN_OPTIONS: dict[str, tuple[str, ...]] = {
    "Adam": (*_ADAM, "amsgrad"),
    "AdamW": (*_ADAM, "amsgrad"),
    "SGD": ("momentum", "nesterov"),
    "RMSprop": ("rho", "momentum", "epsilon", "centered"),
    "Adagrad": ("initial_accumulator_value", "epsilon"),
    "Adadelta": ("rho", "epsilon"),
    "Adamax": _ADAM,
    "Nadam": _ADAM,
    "Lion": ("beta_1", "beta_2"),
    "Ftrl": (
        "learning_rate_power",
        "initial_accumulator_value",
        "l1_regularization_strength",
        "l2_regularization_strength",
        "l2_shrinkage_regularization_strength",
        "beta",
    ),
    "Lamb": _ADAM,
    "Adafactor": ("beta_2_decay", "epsilon_1", "epsilon_2", "clip_threshold", "relative_step"),
    "ScheduleFreeAdamW": (*_ADAM, "warmup_steps"),
}
#: Optimizers with two copies of each weight (Adam's momentum and velocity); the others have one.
TWO_SLOTS = dict.fromkeys(("Adam", "AdamW", "Adadelta", "Adamax", "Nadam", "Ftrl", "Lamb", "ScheduleFreeAdamW"), 2)
LOSS_SCALE = "LossScaleOptimizer"
LOSS_SCALE_OPTIONS = ("name", "inner_optimizer", "initial_scale", "dynamic_growth_steps", "dynamic")
#: Optimizers whose variables depend on more than a weight's shape and dtype.
REFUSED = {
    "Muon": "Muon gives each weight a velocity or not by its rank and by layer name patterns",
    "MultiOptimizer": "MultiOptimizer splits the weights between optimizers by name patterns",
}
#: ``optimizer="adam"``: keras.optimizers.get looks a name up in any case among these classes.
BY_NAME = {name.lower(): name for name in (*OWN_OPTIONS, *REFUSED, LOSS_SCALE) if name != "Lamb"}
PATH = "compile_config.optimizer"


def read_optimizer(root: LocatedDict) -> OptimizerSpec | None:
    """The optimizer Keras builds when it loads the model config ``root``: None for a model saved
    without ``compile()`` (no ``compile_config``) or compiled without an optimizer."""
    compile_config = root.get("compile_config")
    if compile_config is None:
        return None
    if not isinstance(compile_config, LocatedDict):
        raise SpecError(
            "compile_config must be a mapping, as model.get_compile_config() writes it",
            root.value_location("compile_config"),
            "compile_config",
        )
    optimizer = compile_config.get("optimizer")
    if optimizer is None:
        return None
    return _optimizer(optimizer, compile_config.value_location("optimizer"), PATH)


def _optimizer(value: Any, location: Location, path: str) -> OptimizerSpec:
    if isinstance(value, str):
        class_name = BY_NAME.get(value.lower())
        if class_name is None:
            raise SpecError(f"unknown optimizer {value!r}; Keras cannot load it", location, path)
        return _by_class(class_name, None, location, path)
    if not isinstance(value, LocatedDict) or not isinstance(value.get("class_name"), str):
        raise SpecError(
            'expected an optimizer: {"class_name": "Adam", "config": {...}}, as Keras writes one', location, path
        )
    class_name = value["class_name"]
    module, registered = value.get("module"), value.get("registered_name")
    own = (module is None or (isinstance(module, str) and module.split(".")[0] == "keras")) and registered in (
        None,
        class_name,  # the torch backend's optimizers: "keras.src.backend.torch.optimizers.torch_adam", "Adam"
    )
    if not own or (class_name not in OWN_OPTIONS and class_name not in REFUSED and class_name != LOSS_SCALE):
        raise SpecError(
            f"optimizer {class_name!r} is not one of Keras's own: lstmcalc cannot count the variables it "
            "adds to the summary (Optimizer params); load the model with compile=False, or save it uncompiled",
            value.value_location("class_name"),
            f"{path}.class_name",
        )
    config = value.get("config", None)
    if config is not None and not isinstance(config, LocatedDict):
        raise SpecError("an optimizer's config must be a mapping", value.value_location("config"), f"{path}.config")
    return _by_class(class_name, config, value.value_location("class_name"), f"{path}.config")


def _by_class(class_name: str, config: LocatedDict | None, location: Location, path: str) -> OptimizerSpec:
    if class_name in REFUSED:
        raise SpecError(
            f"{REFUSED[class_name]}: lstmcalc cannot count its variables (Optimizer params) exactly",
            location,
            path,
        )
    options = _Options(config, location, path)
    if class_name == LOSS_SCALE:
        options.refuse_unknown(LOSS_SCALE_OPTIONS)
        if options.get("dynamic", True) is not True:
            raise options.error("dynamic", "LossScaleOptimizer no longer takes dynamic=False (Keras 3 refuses it)")
        if "inner_optimizer" not in options.config:
            raise SpecError("LossScaleOptimizer needs its inner_optimizer", location, path)
        inner = _optimizer(
            options.config["inner_optimizer"],
            options.config.value_location("inner_optimizer"),
            f"{path}.inner_optimizer",
        )
        # Its own iteration, learning rate (0.0), step counter and dynamic scale.
        return OptimizerSpec(LOSS_SCALE, 0, (INT_BYTES, FLOATX_BYTES, INT_BYTES, FLOATX_BYTES), inner=inner)
    options.refuse_unknown((*BASE_OPTIONS, *OWN_OPTIONS[class_name]))
    slots = TWO_SLOTS.get(class_name, 1)
    if class_name in ("Adam", "AdamW"):
        slots += options.flag("amsgrad")
    elif class_name == "SGD":
        slots = int(options.number("momentum", 0.0) != 0)
    elif class_name == "RMSprop":
        slots += (options.number("momentum", 0.0) > 0) + options.flag("centered")
    slots += options.flag("use_ema") + options.accumulates()
    scalars = (INT_BYTES,) if options.learning_rate_is_schedule() else (INT_BYTES, FLOATX_BYTES)
    return OptimizerSpec(
        class_name, slots, scalars, factored=class_name == "Adafactor", first_weight_scalar=class_name == "Nadam"
    )


class _Options:
    """An optimizer's config (None: every option at its default), with located refusals."""

    def __init__(self, config: LocatedDict | None, location: Location, path: str) -> None:
        self.config: LocatedDict = config if config is not None else new_located_dict(location)
        self.location = location
        self.path = path

    def error(self, key: str, message: str) -> SpecError:
        where = self.config.value_location(key) if key in self.config else self.location
        return SpecError(message, where, f"{self.path}.{key}")

    def get(self, key: str, default: Any) -> Any:
        return self.config.get(key, default)

    def refuse_unknown(self, known: tuple[str, ...]) -> None:
        for key in self.config:
            if key not in known:
                raise SpecError(
                    f"optimizer option {key!r} is not one Keras 3.15 takes: lstmcalc cannot count the optimizer's "
                    "variables (Optimizer params) with it",
                    self.config.key_location(key),
                    f"{self.path}.{key}",
                )

    def flag(self, key: str) -> int:
        value = self.config.get(key, False)
        if value is None:
            value = False
        if not isinstance(value, bool):
            raise self.error(key, f"{key} must be true or false")
        return int(value)

    def number(self, key: str, default: float) -> float:
        value = self.config.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"{key} must be a number")
        return float(value)

    def accumulates(self) -> int:
        """1 when gradients are accumulated (a gradient_accumulator for each weight)."""
        steps = self.config.get("gradient_accumulation_steps")
        if steps is None or (steps == 0 and not isinstance(steps, bool)):
            return 0
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 2:
            raise self.error("gradient_accumulation_steps", "gradient_accumulation_steps must be an integer >= 2")
        return 1

    def learning_rate_is_schedule(self) -> bool:
        """Whether the learning rate is a schedule (a serialized object: no learning_rate variable)."""
        value = self.config.get("learning_rate", 0.001)
        if isinstance(value, LocatedDict):
            return True
        if not isinstance(value, float):
            raise self.error("learning_rate", "learning_rate must be a float or a schedule (Keras refuses others)")
        return False
