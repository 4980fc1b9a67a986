"""The JSON Schema (draft 2020-12) of the spec format, derived from the layer registry.

Every layer kind, its spellings, its arguments (and their aliases) and the values each
accepts come from :data:`lstm_calc.layers.LAYER_TYPES` and the checks' declared schemas
(:func:`lstm_calc.arguments.json_schema`), so a new layer or argument appears in the
schema without editing this file. Editors use it to complete and validate specs; it
cannot express what depends on shapes (a 3-D input for an LSTM), which only
``lstmcalc summary`` checks.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from lstm_calc.arguments import CONVENTIONS, KERAS, POSITIVE_INT_SCHEMA, Argument, layer_name
from lstm_calc.layers import LAYER_TYPES, Layer
from lstm_calc.sizes import DTYPE_BYTES
from lstm_calc.spec import INPUT_DTYPES
from lstm_calc.spec_budget import BUDGET_ARGUMENTS
from lstm_calc.spec_graph import SHARES_KEYS
from lstm_calc.spec_layers import LAYER_MAX_PARAMS, takes_keras2_sequence_input

if TYPE_CHECKING:
    from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: A graph spec's reference to an input or a layer's outputs: ``encoder`` or ``encoder[1]``.
REFERENCE = {"type": "string", "pattern": r"^[^\[\]]+(\[[0-9]+\])?$"}
REFERENCES = {"anyOf": [REFERENCE, {"type": "array", "items": REFERENCE, "minItems": 1}]}
#: A graph entry that applies an earlier layer again takes only a few keys.
SHARES_ENTRY = {
    "properties": {"name": layer_name.json_schema},
    "propertyNames": {
        "enum": list(
            dict.fromkeys([*SHARES_KEYS, *(key for cls in LAYER_TYPES.values() for key in cls.keras_call_arguments)])
        )
    },
}
SHAPE = {
    "type": "array",
    "items": {"anyOf": [POSITIVE_INT_SCHEMA, {"type": "null"}]},
    "description": "sizes of the axes after the batch axis; null for a size not known in advance",
}


def _definition(convention: str) -> str:
    return f"{convention}_layer"


def _reference(convention: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{_definition(convention)}"}


def _any_case(name: str) -> str:
    """A regular expression for ``name`` in any case, in the syntax both JavaScript and Python read."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in name)


def _spellings(layer_class: type[Layer[Any]], convention: str = KERAS) -> list[str]:
    # Under PyTorch, RNN spells torch.nn.RNN (SimpleRNN); Keras's RNN over a cell is left to lstmcalc's own check.
    return [spelling for spelling, cls in LAYER_TYPES.items() if cls.kind_under(convention, ()) is layer_class]


def _type_pattern(spellings: list[str]) -> str:
    return "^(?:" + "|".join(_any_case(spelling) for spelling in spellings) + ")$"


def _layer_classes(convention: str) -> list[type[Layer[Any]]]:
    classes = list(dict.fromkeys(LAYER_TYPES.values()))
    if convention == KERAS:
        return [cls for cls in classes if not getattr(cls, "torch_only", False)]
    return [cls for cls in classes if cls.torch_class_name and _spellings(cls, convention)]


def _argument_schema(layer_class: type[Layer[Any]], argument: Argument, convention: str) -> dict[str, Any]:
    if argument.name in getattr(layer_class, "nested_arguments", ()):
        nested: dict[str, Any] = {**_reference(convention), "unevaluatedProperties": False}
        # A list of nested layers (StackedRNNCells' cells), or either (RNN's cell), as the check declares.
        declared = argument.check.json_schema
        listed = {"type": "array", "items": nested, "minItems": 1}
        if declared.get("type") == "array":
            nested = listed
        elif any(option.get("type") == "array" for option in declared.get("anyOf", ())):
            nested = {"anyOf": [nested, listed]}
        names = [option for option in declared.get("anyOf", ()) if "enum" in option]
        if names:  # or a name instead (a Transformer layer's activation: "gelu", or {type: GELU})
            return {"anyOf": [*names, nested]}
        return nested if argument.required else {"anyOf": [nested, {"type": "null"}]}
    return dict(argument.check.json_schema)


def _class_schema(layer_class: type[Layer[Any]], convention: str) -> dict[str, Any]:
    """The keys one layer kind takes under one convention, and those it needs."""
    properties: dict[str, Any] = {}
    required: list[dict[str, Any]] = []
    exclusive: list[dict[str, Any]] = []
    for argument in layer_class.arguments.values():
        if argument.convention not in (None, convention):
            continue
        argument_schema = _argument_schema(layer_class, argument, convention)
        spellings = [argument.name, *argument.aliases]
        for spelling in spellings:
            properties[spelling] = argument_schema
        if argument.required_in(convention):
            required.append({"anyOf": [{"required": [spelling]} for spelling in spellings]})
        for alias in argument.aliases:
            exclusive.append({"not": {"required": [argument.name, alias]}})
    for parameter in layer_class.keras_call_arguments:
        properties[parameter] = {**REFERENCE, "description": f"graph specs: the call's {parameter}, given by name"}
    title = layer_class.class_name if convention == KERAS else layer_class.torch_class_name
    schema: dict[str, Any] = {"title": title, "properties": properties}
    if required or exclusive:
        schema["allOf"] = required + exclusive
    return schema


def _layer_schema(convention: str) -> dict[str, Any]:
    classes = _layer_classes(convention)
    names = [cls.class_name if convention == KERAS else cls.torch_class_name for cls in classes]
    every_spelling = [spelling for cls in classes for spelling in _spellings(cls, convention)]
    return {
        "type": "object",
        "description": "a layer: its type (case-insensitive) and its arguments, named as in Keras",
        "anyOf": [{"required": ["type"]}, {"required": ["shares"]}],
        "properties": {
            "inputs": {**REFERENCES, "description": "graph specs: what this layer takes (default: the layer above)"},
            "initial_state": {**REFERENCES, "description": "graph specs: the states a recurrent layer starts from"},
            "mask": {**REFERENCES, "description": "graph specs: the tensor(s) a Keras call takes as its mask"},
            "shares": {"type": "string", "description": "graph specs: apply the layer of this name again"},
            "type": {"anyOf": [{"enum": names}, {"type": "string", "pattern": _type_pattern(every_spelling)}]},
            LAYER_MAX_PARAMS.name: {
                **LAYER_MAX_PARAMS.check.json_schema,
                "description": "lstmcalc check fails when this layer has more parameters",
            },
        },
        "allOf": [
            {
                "if": {
                    "required": ["type"],
                    "properties": {"type": {"type": "string", "pattern": _type_pattern(_spellings(cls, convention))}},
                },
                "then": _class_schema(cls, convention),
            }
            for cls in classes
        ]
        + [{"if": {"required": ["shares"]}, "then": SHARES_ENTRY}],
    }


#: Keys that give the model input on the first layer, as Keras 2 code did.
FIRST_LAYER_INPUT = {
    "input_shape": SHAPE,
    "batch_input_shape": {**SHAPE, "minItems": 1, "description": "the batch size, then the input shape"},
    "batch_size": {"type": ["integer", "null"], "minimum": 1},
    "input_dim": POSITIVE_INT_SCHEMA,
}


def _is_embedding() -> dict[str, Any]:
    """Matches a layer whose type is Embedding, whose input_dim is a vocabulary size, not the input."""
    return {"properties": {"type": {"pattern": _type_pattern(_spellings(LAYER_TYPES["embedding"]))}}}


def _layers_schema(convention: str) -> dict[str, Any]:
    layer = _reference(convention)
    embedding = _is_embedding()
    # batch_size goes with input_shape, or with input_dim on a layer whose input_dim is not a vocabulary.
    sized = {"anyOf": [{"required": ["input_shape"]}, {"required": ["input_dim"], "not": embedding}]}
    # Keras 2's LSTM(32, input_dim=8, input_length=10): the input (10, 8); the length needs the features.
    sequence_kinds = [cls for cls in _layer_classes(convention) if takes_keras2_sequence_input(cls)]
    sequence_spellings = [spelling for cls in sequence_kinds for spelling in _spellings(cls, convention)]
    return {
        "type": "array",
        "minItems": 1,
        "prefixItems": [
            {
                **layer,
                "properties": FIRST_LAYER_INPUT,
                "dependentSchemas": {"batch_size": sized},
                "if": {"required": ["type"], "properties": {"type": {"pattern": _type_pattern(sequence_spellings)}}},
                "then": {
                    "properties": {"input_length": {"type": ["integer", "null"], "minimum": 1}},
                    "dependentRequired": {"input_length": ["input_dim"]},
                },
                "unevaluatedProperties": False,
            }
        ],
        "items": {**layer, "unevaluatedProperties": False},
    }


def _gives_input_on_first_layer(keys: list[str]) -> dict[str, Any]:
    first: dict[str, Any] = {"anyOf": [{"required": [key]} for key in keys]}
    if "input_dim" in keys:
        embedding = _is_embedding()
        first["anyOf"] = [
            *({"required": [key]} for key in keys if key != "input_dim"),
            {"required": ["input_dim"], "not": embedding},
        ]
    return {"required": ["layers"], "properties": {"layers": {"prefixItems": [first]}}}


def spec_schema() -> dict[str, Any]:
    """The whole schema as plain data."""
    habit_keys = ["input_shape", "batch_input_shape", "input_dim"]
    embedding_length = {
        "required": ["layers"],
        "properties": {"layers": {"prefixItems": [{"required": ["input_length", "type"], **_is_embedding()}]}},
    }
    return {
        "$schema": DRAFT,
        "title": "lstmcalc model spec",
        "description": "A sequence model for lstmcalc: an input and a list of layers (see lstmcalc's README).",
        "type": "object",
        "properties": {
            "name": {**layer_name.json_schema, "description": 'the model\'s name, shown as Model: "..."'},
            "dtype": {"enum": list(DTYPE_BYTES), "description": "dtype of the parameters, for byte sizes"},
            "framework": {"enum": list(CONVENTIONS), "description": "count and name weights as Keras or torch.nn"},
            "input": {"$ref": "#/$defs/input"},
            "inputs": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {"$ref": "#/$defs/input"},
                "description": "graph specs: the named model inputs",
            },
            "outputs": {**REFERENCES, "description": "graph specs: the model outputs (default: the last layer)"},
            "summary_rows": {
                "type": "array",
                "items": layer_name.json_schema,
                "minItems": 1,
                "uniqueItems": True,
                "description": "graph specs: the layers the summary lists, in this order, as Keras summarises "
                "a subclassed model (no input rows, no Connected to)",
            },
            "mask_operations": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[a-z_]+(_[0-9]+)?$"},
                "uniqueItems": True,
                "description": "graph specs: the names a saved Keras model gives the operations computing its "
                "masks (not_equal, any), which its summary lists; by default, those a fresh session gives",
            },
            "layers": {"type": "array", "description": "the layers, in order; each takes the previous one's output"},
            "budget": {"$ref": "#/$defs/budget"},
        },
        "required": ["layers"],
        "dependentRequired": {"summary_rows": ["inputs"], "mask_operations": ["inputs"]},
        "additionalProperties": False,
        "if": {"required": ["framework"], "properties": {"framework": {"const": "pytorch"}}},
        "then": {"properties": {"layers": {"$ref": "#/$defs/pytorch_layers"}}},
        "else": {"properties": {"layers": {"$ref": "#/$defs/keras_layers"}}},
        "anyOf": [
            {"required": ["input"]},
            {"required": ["inputs"]},
            _gives_input_on_first_layer(habit_keys),
            embedding_length,
        ],
        "not": {"allOf": [{"required": ["input"]}, _gives_input_on_first_layer([*habit_keys, "batch_size"])]},
        "$defs": {
            "input": {
                "type": "object",
                "description": "the model input, per sample: the batch axis is not part of shape",
                "required": ["shape"],
                "properties": {
                    "shape": SHAPE,
                    "batch_size": {"type": ["integer", "null"], "minimum": 1},
                    "dtype": {"enum": [*INPUT_DTYPES, None]},
                },
                "additionalProperties": False,
            },
            "budget": {
                "type": "object",
                "description": "limits that lstmcalc check enforces",
                "properties": {name: dict(argument.check.json_schema) for name, argument in BUDGET_ARGUMENTS.items()},
                "additionalProperties": False,
            },
            **{_definition(convention): _layer_schema(convention) for convention in CONVENTIONS},
            **{f"{convention}_layers": _layers_schema(convention) for convention in CONVENTIONS},
        },
    }


def render_schema() -> str:
    """The schema as indented JSON text with a final newline."""
    return json.dumps(spec_schema(), indent=2, ensure_ascii=False) + "\n"
