"""The cases of tests/torch_view_layout_cases.py in torch 2.13: torchinfo prints the golden tables of those read,
and torch refuses the others in its words; and lstmcalc's stride rules (lstm_calc/readers/torch_layout.py) give
torch's answer for views and element-wise results of tensors permuted, sliced with steps and expanded at random."""

from __future__ import annotations

import random

import pytest

from lstm_calc.readers.torch_layout import iterated, strides_of, view_strides
from tests.test_torch_view_layout import GOLDEN
from tests.torch_code_cases import golden_table_holds, refusal_when_run
from tests.torch_view_layout_cases import READ, REFUSED, WORDS

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    assert golden_table_holds(GOLDEN, name, *READ[name])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_torch_refuses_it(name: str) -> None:
    code, shapes, _, _ = REFUSED[name]
    assert WORDS in refusal_when_run(code, shapes, RuntimeError)


def _beyond_ones(shape: tuple[int, ...], strides: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """The strides of the axes not of size 1: the only ones a view or an element-wise result depends on."""
    return None if strides is None else tuple(stride for size, stride in zip(shape, strides) if size != 1)


def _strided(generator: random.Random) -> object:
    """A tensor of up to four axes, sliced (with steps or not), permuted, and maybe given an expanded axis."""
    shape = [generator.choice([1, 1, 2, 3, 4]) for _ in range(generator.randint(1, 4))]
    tensor = torch.zeros(*[size * 2 for size in shape])
    tensor = tensor[tuple(slice(0, size * 2, generator.choice([1, 2])) for size in shape)]
    tensor = tensor.permute(*generator.sample(range(len(shape)), len(shape)))
    if generator.random() < 0.3:
        tensor = tensor.unsqueeze(generator.randint(0, len(shape)))
        sizes = list(tensor.shape)
        sizes[sizes.index(1)] = generator.choice([1, 3])
        tensor = tensor.expand(*sizes)
    return tensor


def _shapes_of(numel: int, ndim: int) -> list[tuple[int, ...]]:
    if ndim == 1:
        return [(numel,)]
    return [(d, *rest) for d in range(1, numel + 1) if numel % d == 0 for rest in _shapes_of(numel // d, ndim - 1)]


def test_views_are_refused_and_laid_out_as_torch_does() -> None:
    generator = random.Random(25)
    for _ in range(400):
        tensor = _strided(generator)
        for ndim in (1, 2, 3):
            for new_shape in _shapes_of(tensor.numel(), ndim):
                try:
                    torch_gives = tensor.view(*new_shape).stride()
                except RuntimeError as refused:
                    assert WORDS in str(refused)
                    torch_gives = None
                ours = view_strides(tuple(tensor.shape), tuple(tensor.stride()), new_shape)
                assert _beyond_ones(new_shape, ours) == _beyond_ones(new_shape, torch_gives), (
                    tensor.stride(),
                    new_shape,
                )


def test_element_wise_results_are_laid_out_as_torch_does() -> None:
    generator = random.Random(13)
    for _ in range(400):
        tensor = _strided(generator)
        other = torch.zeros(*[size if generator.random() < 0.7 else 1 for size in tensor.shape])
        if other.dim() > 1 and generator.random() < 0.5:
            other = other.transpose(0, -1).contiguous().transpose(0, -1)
        for operands in ([tensor], [tensor, other], [other, tensor], [tensor, 2.0]):
            result = torch.relu(operands[0]) if len(operands) == 1 else operands[0] + operands[1]
            if result.numel() == 0:
                continue
            given = [(tuple(o.shape), tuple(o.stride())) if isinstance(o, torch.Tensor) else ((), ()) for o in operands]
            ours = strides_of(tuple(result.shape), iterated(tuple(result.shape), given))
            assert _beyond_ones(tuple(result.shape), ours) == _beyond_ones(tuple(result.shape), result.stride())
