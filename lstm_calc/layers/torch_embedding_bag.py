"""torch.nn.EmbeddingBag: an Embedding's table, each bag of ids reduced to one row (their sum, mean
or maximum), as the PyTorch text-classification tutorial's ``TextClassificationModel`` reads text.

torch takes ids two ways: a 2-D (batch, ids) tensor, one bag per row, or a 1-D tensor of every
bag's ids one after the other with ``offsets``, where each bag starts (the PyTorch code reader's
shape rule, :mod:`lstm_calc.readers.torch_channel_shapes`). A spec gives the first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from lstm_calc.arguments import Argument, arguments, boolean, kept_torch, one_of, positive_int
from lstm_calc.layers.base import COMMON_ARGUMENTS
from lstm_calc.layers.core import Embedding
from lstm_calc.layers.torch_code import TorchModule, unless
from lstm_calc.layers.torch_only import TorchOnly, optional_integer
from lstm_calc.shapes import Shape, Shapes

if TYPE_CHECKING:
    from lstm_calc.layers.quick_options import QuickOptions


class EmbeddingBag(TorchOnly, Embedding):
    """``nn.EmbeddingBag(num_embeddings, embedding_dim, ..., mode='mean', ..., include_last_offset=False,
    padding_idx=None)``: the (num_embeddings, embedding_dim) weight of an Embedding; (bags, embedding_dim)
    out. No MACs: it looks rows up and adds them (or keeps their maximum); ``per_sample_weights`` scale
    the rows element-wise, which lstmcalc does not count (as it does not count an LSTM's f ⊙ c)."""

    class_name = torch_class_name = "EmbeddingBag"
    arguments = arguments(
        Argument("input_dim", positive_int, aliases=("num_embeddings",)),
        Argument("output_dim", positive_int, aliases=("embedding_dim",)),
        Argument("mode", one_of("sum", "mean", "max"), "mean"),
        Argument("include_last_offset", boolean, False),
        Argument("padding_idx", optional_integer, None),
        *kept_torch("max_norm", "norm_type", "scale_grad_by_freq", "sparse"),
        *COMMON_ARGUMENTS,
    )
    torch_positional = (
        "num_embeddings",
        "embedding_dim",
        "max_norm",
        "norm_type",
        "scale_grad_by_freq",
        "mode",
        "sparse",
        "_weight",
        "include_last_offset",
        "padding_idx",
    )
    input_ndim = 2
    input_axes = ("batch", "ids")
    quick_options: ClassVar[QuickOptions | None] = None  # Embedding's ``params`` formula is Keras's

    def output_shape(self, input_shape: Shape) -> Shapes:
        return (input_shape[0], self.output_dim)

    def torch_module(self, input_shape: Shape) -> TorchModule:
        options: dict[str, Any] = {
            key: self.config[key] for key in ("max_norm", "norm_type", "scale_grad_by_freq", "sparse", "padding_idx")
        }
        options["mode"] = unless(self.config["mode"], "mean")
        options["include_last_offset"] = unless(self.config["include_last_offset"], False)
        return TorchModule("nn.EmbeddingBag", [self.input_dim, self.output_dim], options)
