"""Tied parameters: one tensor held by two modules (``self.decoder.weight = self.encoder.weight``), as the
language models that share their embedding with their output layer hold it. torch keeps one Parameter
under both names, so freezing it under one freezes it under the other."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
