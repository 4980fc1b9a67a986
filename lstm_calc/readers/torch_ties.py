"""Tied parameters: one tensor held by two modules (``self.decoder.weight = self.encoder.weight``), as the
language models that share their embedding with their output layer hold it. torch keeps one Parameter
under both names, so freezing it under one freezes it under the other."""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING, Any

from lstm_calc.readers.torch_refusal import ShapeRefusal, TorchShape

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.layers import Weight
    from lstm_calc.readers.torch_modules import ModuleNode


def tie(holder: ModuleNode, name: str, source: ModuleNode, source_name: str) -> bool:
    """``self.decoder.weight = self.encoder.weight``: ``holder``'s parameter ``name`` becomes
    ``source``'s parameter ``source_name`` (tied weights), if ``source`` holds one of that name."""
    given = next((weight for weight in source.own_weights if weight.name == source_name), None)
    if given is None:
        return False
    holder.put_weight(given._replace(name=name))
    holder.tied.append((name, source, source_name))
    source.tied_by.append((source_name, holder, name))
    return True


def tied_names(module: ModuleNode, name: str) -> list[tuple[ModuleNode, str]]:
    """Every module and name that holds ``module``'s parameter ``name``, that one first."""
    found, seen = [(module, name)], {(id(module), name)}
    for holder, held in found:  # grows as it is read: the ties of each name found, in turn
        links = [(other, there) for here, other, there in [*holder.tied, *holder.tied_by] if here == held]
        for other, there in links:
            if (id(other), there) not in seen:
                seen.add((id(other), there))
                found.append((other, there))
    return found


def held_weight_rule(class_name: str, weights: list[Weight]) -> Callable[..., Any] | None:
    """The shape rule of a module whose parameters are no longer its constructor's (a tied or replaced
    weight): an nn.Linear's, which multiplies by the weight it holds and adds the bias it holds (``F.linear``),
    an nn.Embedding's, which looks up rows of the weight it holds (``F.embedding``); None for any other module
    (forward stops at its call)."""
    held = {weight.name: weight.shape for weight in weights}
    weight, bias = held.get("weight"), held.get("bias")
    if class_name == "Embedding" and weight is not None and len(weight) == 2:
        return partial(_embedding, weight[1])  # F.embedding: a row of the weight it holds per id
    if class_name != "Linear" or weight is None or len(weight) != 2 or bias is not None and len(bias) != 1:
        return None
    return partial(_linear, weight, None if bias is None else bias[0])


def _embedding(width: int, options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    x = inputs[0]
    return None if x is None else (*x, width)


def _linear(weight: tuple[int, ...], bias: int | None, options: dict[str, Any], inputs: list[TorchShape | None]) -> Any:
    x = inputs[0]
    if x is None:
        return None
    if not x:
        raise ShapeRefusal("takes at least a 1-D input")
    rows, columns = weight
    if any(size is None for size in x):
        return None if x[-1] is None or x[-1] != columns else (*x[:-1], rows)
    flat = math.prod(int(size or 0) for size in x[:-1])  # torch multiplies the input flattened to 2-D
    if x[-1] != columns:
        raise ShapeRefusal(f"mat1 and mat2 shapes cannot be multiplied ({flat}x{x[-1]} and {columns}x{rows})")
    if bias is not None and bias not in (rows, 1):  # torch's words differ as the input is contiguous or not
        raise ShapeRefusal(f"its bias of {bias} does not broadcast to the {rows} outputs of the weight it holds")
    return (*x[:-1], rows)
