"""Automatic layer names, assigned exactly as Keras 3 assigns them in a fresh session."""

from __future__ import annotations

import re
from collections import defaultdict


def to_snake_case(class_name: str) -> str:
    """``SimpleRNN`` -> ``simple_rnn``; the same rules as ``keras.src.utils.naming``."""
    if class_name.isascii() and class_name.isalnum():
        # Keras's three patterns, applied by hand: compiling them is a fifth of a millisecond
        # of start-up. On ASCII letters and digits, [A-Z] and [a-z] are isupper and islower.
        return _split_lower_upper(_split_before_words(class_name)).lower()
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _split_before_words(name: str) -> str:
    """``re.sub("(.)([A-Z][a-z]+)", r"\\1_\\2", name)`` on ASCII letters and digits."""
    pieces = []
    start = index = 0
    while index + 2 < len(name):
        if name[index + 1].isupper() and name[index + 2].islower():
            end = index + 3
            while end < len(name) and name[end].islower():
                end += 1
            pieces += [name[start : index + 1], "_", name[index + 1 : end]]
            start = index = end
        else:
            index += 1
    return "".join(pieces) + name[start:]


def _split_lower_upper(name: str) -> str:
    """``re.sub("([a-z])([A-Z])", r"\\1_\\2", name)`` on ASCII letters, digits and underscores."""
    pieces = []
    start = index = 0
    while index + 1 < len(name):
        if name[index].islower() and name[index + 1].isupper():
            pieces += [name[start : index + 1], "_", name[index + 1]]
            start = index = index + 2
        else:
            index += 1
    return "".join(pieces) + name[start:]


def torch_class_name(model_name: str) -> str:
    """The class ``export --to pytorch`` writes for a model: ``bidirectional_encoder`` -> ``BidirectionalEncoder``."""
    words = [word for word in re.split(r"\W|_", model_name) if word]
    name = "".join(word[:1].upper() + word[1:] for word in words) or "Model"
    return "Model" + name if name[0].isdigit() else name


class AutoNamer:
    """Hands out ``lstm``, ``lstm_1``, ... per class, counting only auto-named layers, as Keras does."""

    def __init__(self, since: int = 0) -> None:
        self.since = since  #: A code reader's order when the counting started (at clear_session()).
        self._counts: defaultdict[str, int] = defaultdict(int)
        self._prefixes: dict[str, str] = {}

    def next_name(self, class_name: str) -> str:
        """The name Keras gives the next layer of ``class_name`` created without a name."""
        name = self.peek(class_name)
        self._counts[self._prefix(class_name)] += 1
        return name

    def counts(self) -> dict[str, int]:
        """How many names of each prefix were handed out, to :meth:`restore` later."""
        return dict(self._counts)

    def restore(self, counts: dict[str, int]) -> None:
        """Count again from ``counts`` (from :meth:`counts`)."""
        self._counts = defaultdict(int, counts)

    def peek(self, class_name: str) -> str:
        """The name :meth:`next_name` would give, without handing it out."""
        prefix = self._prefix(class_name)
        count = self._counts[prefix]
        return f"{prefix}_{count}" if count else prefix

    def _prefix(self, class_name: str) -> str:
        # Three regular expressions a layer add up over 100,000 layers; a spec has few classes.
        prefix = self._prefixes.get(class_name)
        if prefix is None:
            prefix = self._prefixes[class_name] = to_snake_case(class_name)
        return prefix
