"""nn.TransformerDecoderLayer and nn.TransformerDecoder written in PyTorch code, outside nn.Transformer,
shared by the plain tests (tests/test_torch_decoder.py, numbers pinned from torch 2.13 below) and the
oracle module that runs each in real torch (tests/oracle/test_torch_decoder_oracle.py).

Each case: (code, --input-shape list). Like a TransformerEncoder's, a decoder's own calls inside
(``layers.0``, ``layers.0.self_attn``...) are not recorded: its row is the call of the decoder itself.
"""

from __future__ import annotations

from typing import Any

TORCH_DECODER_CASES: dict[str, tuple[str, list[list[int]]]] = {
    # A decoder stack whose layer is also kept as an attribute: torch deep-copies it (layers.0,
    # layers.1) and the kept template counts too; norm_first, gelu, a final LayerNorm, a mask by keyword.
    "decoder_stack_with_template": (
        """
import torch
import torch.nn as nn


class Captioner(nn.Module):
    def __init__(self, d_model=16, nhead=4, layers=2):
        super().__init__()
        self.layer = nn.TransformerDecoderLayer(
            d_model, nhead, dim_feedforward=24, dropout=0.0, activation="gelu", batch_first=True, norm_first=True
        )
        self.decoder = nn.TransformerDecoder(self.layer, num_layers=layers, norm=nn.LayerNorm(d_model))
        self.out = nn.Linear(d_model, 10)

    def forward(self, tgt, memory, tgt_mask=None):
        x = self.decoder(tgt, memory, tgt_mask=tgt_mask)
        return self.out(x)


model = Captioner()
""",
        [[3, 5, 16], [3, 7, 16]],
    ),
    # One decoder layer on time-major tensors (torch's default batch_first=False), its arguments
    # positional, without biases (bias=False: no in_proj_bias, no linear or norm biases).
    "time_major_decoder_layer": (
        """
import torch.nn as nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = nn.TransformerDecoderLayer(8, 2, 16, 0.1, "relu", bias=False)

    def forward(self, tgt, memory):
        return self.block(tgt, memory)


model = Block()
""",
        [[5, 3, 8], [7, 3, 8]],
    ),
    # The activation given as torch's function rather than its name, as public decoders write it
    # (activation=F.gelu, with functional imported from torch.nn): the same weights as "gelu".
    "function_activation_decoder": (
        """
import torch.nn as nn
from torch.nn import functional as F


class SpeechDecoder(nn.Module):
    def __init__(self, features=12, width=16, heads=4, depth=2, mels=20):
        super().__init__()
        self.project = nn.Linear(features, width)
        block = nn.TransformerDecoderLayer(
            d_model=width, nhead=heads, dim_feedforward=width * 3, activation=F.gelu, batch_first=True, bias=False
        )
        self.decoder = nn.TransformerDecoder(block, num_layers=depth)
        self.to_mel = nn.Linear(width, mels)

    def forward(self, frames, memory):
        return self.to_mel(self.decoder(self.project(frames), memory))


model = SpeechDecoder()
""",
        [[2, 6, 12], [2, 9, 16]],
    ),
    # An encoder's output as the decoder's memory; both layers made in the call (not kept), torch's
    # default dim_feedforward (2048), no final norm.
    "encoder_then_decoder": (
        """
from torch import nn


class Seq2Seq(nn.Module):
    def __init__(self, d_model=12, heads=3):
        super().__init__()
        self.encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model, heads, batch_first=True), 2)
        self.decoder = nn.TransformerDecoder(
            decoder_layer=nn.TransformerDecoderLayer(d_model=d_model, nhead=heads, batch_first=True), num_layers=1
        )

    def forward(self, src, tgt):
        memory = self.encoder(src)
        return self.decoder(tgt, memory)


model = Seq2Seq()
""",
        [[2, 9, 12], [2, 4, 12]],
    ),
}


#: run_in_torch's result for each case in torch 2.13, the calls inside the decoders left out.
EXPECTED: dict[str, dict[str, Any]] = {
    "decoder_stack_with_template": {
        "state_dict": {
            "layer.self_attn.in_proj_weight": (48, 16),
            "layer.self_attn.in_proj_bias": (48,),
            "layer.self_attn.out_proj.weight": (16, 16),
            "layer.self_attn.out_proj.bias": (16,),
            "layer.multihead_attn.in_proj_weight": (48, 16),
            "layer.multihead_attn.in_proj_bias": (48,),
            "layer.multihead_attn.out_proj.weight": (16, 16),
            "layer.multihead_attn.out_proj.bias": (16,),
            "layer.linear1.weight": (24, 16),
            "layer.linear1.bias": (24,),
            "layer.linear2.weight": (16, 24),
            "layer.linear2.bias": (16,),
            "layer.norm1.weight": (16,),
            "layer.norm1.bias": (16,),
            "layer.norm2.weight": (16,),
            "layer.norm2.bias": (16,),
            "layer.norm3.weight": (16,),
            "layer.norm3.bias": (16,),
            "decoder.layers.0.self_attn.in_proj_weight": (48, 16),
            "decoder.layers.0.self_attn.in_proj_bias": (48,),
            "decoder.layers.0.self_attn.out_proj.weight": (16, 16),
            "decoder.layers.0.self_attn.out_proj.bias": (16,),
            "decoder.layers.0.multihead_attn.in_proj_weight": (48, 16),
            "decoder.layers.0.multihead_attn.in_proj_bias": (48,),
            "decoder.layers.0.multihead_attn.out_proj.weight": (16, 16),
            "decoder.layers.0.multihead_attn.out_proj.bias": (16,),
            "decoder.layers.0.linear1.weight": (24, 16),
            "decoder.layers.0.linear1.bias": (24,),
            "decoder.layers.0.linear2.weight": (16, 24),
            "decoder.layers.0.linear2.bias": (16,),
            "decoder.layers.0.norm1.weight": (16,),
            "decoder.layers.0.norm1.bias": (16,),
            "decoder.layers.0.norm2.weight": (16,),
            "decoder.layers.0.norm2.bias": (16,),
            "decoder.layers.0.norm3.weight": (16,),
            "decoder.layers.0.norm3.bias": (16,),
            "decoder.layers.1.self_attn.in_proj_weight": (48, 16),
            "decoder.layers.1.self_attn.in_proj_bias": (48,),
            "decoder.layers.1.self_attn.out_proj.weight": (16, 16),
            "decoder.layers.1.self_attn.out_proj.bias": (16,),
            "decoder.layers.1.multihead_attn.in_proj_weight": (48, 16),
            "decoder.layers.1.multihead_attn.in_proj_bias": (48,),
            "decoder.layers.1.multihead_attn.out_proj.weight": (16, 16),
            "decoder.layers.1.multihead_attn.out_proj.bias": (16,),
            "decoder.layers.1.linear1.weight": (24, 16),
            "decoder.layers.1.linear1.bias": (24,),
            "decoder.layers.1.linear2.weight": (16, 24),
            "decoder.layers.1.linear2.bias": (16,),
            "decoder.layers.1.norm1.weight": (16,),
            "decoder.layers.1.norm1.bias": (16,),
            "decoder.layers.1.norm2.weight": (16,),
            "decoder.layers.1.norm2.bias": (16,),
            "decoder.layers.1.norm3.weight": (16,),
            "decoder.layers.1.norm3.bias": (16,),
            "decoder.norm.weight": (16,),
            "decoder.norm.bias": (16,),
            "out.weight": (10, 16),
            "out.bias": (10,),
        },
        "params": 9442,
        "trainable": 9442,
        "calls": [("", 0, ((3, 5, 10),)), ("decoder", 1, ((3, 5, 16),)), ("out", 1, ((3, 5, 10),))],
        "call_inputs": [((3, 5, 16), (3, 7, 16)), ((3, 5, 16), (3, 7, 16)), ((3, 5, 16),)],
    },
    "time_major_decoder_layer": {
        "state_dict": {
            "block.self_attn.in_proj_weight": (24, 8),
            "block.self_attn.out_proj.weight": (8, 8),
            "block.multihead_attn.in_proj_weight": (24, 8),
            "block.multihead_attn.out_proj.weight": (8, 8),
            "block.linear1.weight": (16, 8),
            "block.linear2.weight": (8, 16),
            "block.norm1.weight": (8,),
            "block.norm2.weight": (8,),
            "block.norm3.weight": (8,),
        },
        "params": 792,
        "trainable": 792,
        "calls": [("", 0, ((5, 3, 8),)), ("block", 1, ((5, 3, 8),))],
        "call_inputs": [((5, 3, 8), (7, 3, 8)), ((5, 3, 8), (7, 3, 8))],
    },
    "function_activation_decoder": {
        "state_dict": {
            "project.weight": (16, 12),
            "project.bias": (16,),
            "decoder.layers.0.self_attn.in_proj_weight": (48, 16),
            "decoder.layers.0.self_attn.out_proj.weight": (16, 16),
            "decoder.layers.0.multihead_attn.in_proj_weight": (48, 16),
            "decoder.layers.0.multihead_attn.out_proj.weight": (16, 16),
            "decoder.layers.0.linear1.weight": (48, 16),
            "decoder.layers.0.linear2.weight": (16, 48),
            "decoder.layers.0.norm1.weight": (16,),
            "decoder.layers.0.norm2.weight": (16,),
            "decoder.layers.0.norm3.weight": (16,),
            "decoder.layers.1.self_attn.in_proj_weight": (48, 16),
            "decoder.layers.1.self_attn.out_proj.weight": (16, 16),
            "decoder.layers.1.multihead_attn.in_proj_weight": (48, 16),
            "decoder.layers.1.multihead_attn.out_proj.weight": (16, 16),
            "decoder.layers.1.linear1.weight": (48, 16),
            "decoder.layers.1.linear2.weight": (16, 48),
            "decoder.layers.1.norm1.weight": (16,),
            "decoder.layers.1.norm2.weight": (16,),
            "decoder.layers.1.norm3.weight": (16,),
            "to_mel.weight": (20, 16),
            "to_mel.bias": (20,),
        },
        "params": 7812,
        "trainable": 7812,
        "calls": [
            ("", 0, ((2, 6, 20),)),
            ("project", 1, ((2, 6, 16),)),
            ("decoder", 1, ((2, 6, 16),)),
            ("to_mel", 1, ((2, 6, 20),)),
        ],
        "call_inputs": [((2, 6, 12), (2, 9, 16)), ((2, 6, 12),), ((2, 6, 16), (2, 9, 16)), ((2, 6, 16),)],
    },
    "encoder_then_decoder": {
        "state_dict": {
            "encoder.layers.0.self_attn.in_proj_weight": (36, 12),
            "encoder.layers.0.self_attn.in_proj_bias": (36,),
            "encoder.layers.0.self_attn.out_proj.weight": (12, 12),
            "encoder.layers.0.self_attn.out_proj.bias": (12,),
            "encoder.layers.0.linear1.weight": (2048, 12),
            "encoder.layers.0.linear1.bias": (2048,),
            "encoder.layers.0.linear2.weight": (12, 2048),
            "encoder.layers.0.linear2.bias": (12,),
            "encoder.layers.0.norm1.weight": (12,),
            "encoder.layers.0.norm1.bias": (12,),
            "encoder.layers.0.norm2.weight": (12,),
            "encoder.layers.0.norm2.bias": (12,),
            "encoder.layers.1.self_attn.in_proj_weight": (36, 12),
            "encoder.layers.1.self_attn.in_proj_bias": (36,),
            "encoder.layers.1.self_attn.out_proj.weight": (12, 12),
            "encoder.layers.1.self_attn.out_proj.bias": (12,),
            "encoder.layers.1.linear1.weight": (2048, 12),
            "encoder.layers.1.linear1.bias": (2048,),
            "encoder.layers.1.linear2.weight": (12, 2048),
            "encoder.layers.1.linear2.bias": (12,),
            "encoder.layers.1.norm1.weight": (12,),
            "encoder.layers.1.norm1.bias": (12,),
            "encoder.layers.1.norm2.weight": (12,),
            "encoder.layers.1.norm2.bias": (12,),
            "decoder.layers.0.self_attn.in_proj_weight": (36, 12),
            "decoder.layers.0.self_attn.in_proj_bias": (36,),
            "decoder.layers.0.self_attn.out_proj.weight": (12, 12),
            "decoder.layers.0.self_attn.out_proj.bias": (12,),
            "decoder.layers.0.multihead_attn.in_proj_weight": (36, 12),
            "decoder.layers.0.multihead_attn.in_proj_bias": (36,),
            "decoder.layers.0.multihead_attn.out_proj.weight": (12, 12),
            "decoder.layers.0.multihead_attn.out_proj.bias": (12,),
            "decoder.layers.0.linear1.weight": (2048, 12),
            "decoder.layers.0.linear1.bias": (2048,),
            "decoder.layers.0.linear2.weight": (12, 2048),
            "decoder.layers.0.linear2.bias": (12,),
            "decoder.layers.0.norm1.weight": (12,),
            "decoder.layers.0.norm1.bias": (12,),
            "decoder.layers.0.norm2.weight": (12,),
            "decoder.layers.0.norm2.bias": (12,),
            "decoder.layers.0.norm3.weight": (12,),
            "decoder.layers.0.norm3.bias": (12,),
        },
        "params": 156300,
        "trainable": 156300,
        "calls": [("", 0, ((2, 4, 12),)), ("encoder", 1, ((2, 9, 12),)), ("decoder", 1, ((2, 4, 12),))],
        "call_inputs": [((2, 9, 12), (2, 4, 12)), ((2, 9, 12),), ((2, 4, 12), (2, 9, 12))],
    },
}


#: The torch.nn classes whose inner calls (layers, attention, norms) the pinned calls leave out.
TRANSFORMERS = ("TransformerDecoder", "TransformerDecoderLayer", "TransformerEncoder")


def outside_transformers(found: dict[str, Any], inside: tuple[str, ...]) -> dict[str, Any]:
    """run_in_torch's result without the calls torch's hooks see inside the modules ``inside`` names
    (a decoder's layers and their attention): the calls around them."""
    kept = [
        index
        for index, call in enumerate(found["calls"])
        if not any(call[0].startswith(prefix + ".") for prefix in inside)
    ]
    return {
        **found,
        "calls": [found["calls"][index] for index in kept],
        "call_inputs": [found["call_inputs"][index] for index in kept],
    }
