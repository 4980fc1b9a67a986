"""PyTorch code a probe against torch 2.13 and torchinfo found misread: calls torch refuses that lstmcalc
summarised (an initial state of the wrong shape or grouping, heads that do not divide embed_dim, a key of another
width than kdim, reflect padding as long as the axis), nn.Transformer's heads check leaking as an internal
error, a forward returning a dict, and the activation modules and 2-D adaptive pools it refused to read
(nn.ELU(0.5), nn.GLU, nn.AdaptiveAvgPool2d((1, None))), and unpacking: a tuple into the wrong number of names
refused in Python's words, a tensor unpacked along its first axis. Shared by tests/test_torch_probe_findings.py and its
oracle module, which runs each in real torch."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"

#: An LSTM run on its input packed, whose output forward uses as ``{use}``.
PACKED = (
    HEADER + "class Packed(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.lstm = nn.LSTM(6, 12, batch_first=True)\n        self.fc = nn.Linear(12, 3)\n\n"
    "    def forward(self, x):\n        lengths = torch.full((x.size(0),), x.size(1), dtype=torch.long)\n"
    "        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)\n"
    "        out, _ = self.lstm(packed)\n        return {use}\n\n\nmodel = Packed()\n"
)
PACKED_WORDS = (
    "(an nn.LSTM, nn.GRU or nn.RNN given a packed input returns its output packed: unpack it with "
    "pad_packed_sequence first)"
)

#: An LSTM classifier on its input packed with the lengths given, ``pack_padded_sequence(x, lengths{options})``.
LENGTHS = (
    HEADER + "class Lengths(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.lstm = nn.LSTM(5, 8, batch_first=True)\n        self.fc = nn.Linear(8, 3)\n\n"
    "    def forward(self, x, lengths):\n"
    "        packed = nn.utils.rnn.pack_padded_sequence(x, lengths{options})\n"
    "        _, (h, _) = self.lstm(packed)\n        return self.fc(h[-1])\n\n\nmodel = Lengths()\n"
)
#: Refused as torch refuses them: name -> (code, input shapes, where, lstmcalc's message, torch's words).
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {
    # The common mistake: a bidirectional LSTM's init_hidden without the * 2 of its directions.
    "bidirectional_state_without_directions": (
        HEADER + "class BiLSTMTagger(nn.Module):\n"
        "    def __init__(self, n_features=10, hidden_dim=16, num_layers=2, n_tags=5):\n"
        "        super().__init__()\n        self.hidden_dim, self.num_layers = hidden_dim, num_layers\n"
        "        self.lstm = nn.LSTM(n_features, hidden_dim, num_layers, batch_first=True, bidirectional=True)\n"
        "        self.hidden2tag = nn.Linear(hidden_dim * 2, n_tags)\n\n"
        "    def init_hidden(self, batch_size):\n"
        "        return (torch.zeros(self.num_layers, batch_size, self.hidden_dim),\n"
        "                torch.zeros(self.num_layers, batch_size, self.hidden_dim))\n\n"
        "    def forward(self, x):\n        out, _ = self.lstm(x, self.init_hidden(x.size(0)))\n"
        "        return self.hidden2tag(out)\n\n\nmodel = BiLSTMTagger()\n",
        [[4, 12, 10]],
        "17:18",
        "torch would refuse this: Expected hidden[0] size (4, 4, 16), got [2, 4, 16]",
        "Expected hidden[0] size (4, 4, 16), got [2, 4, 16]",
    ),
    "time_major_gru_state_of_another_batch": (
        HEADER + "class Encoder(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(3, 4)\n\n    def forward(self, x):\n"
        "        return self.gru(x, torch.zeros(1, 2, 4))[0]\n\n\nmodel = Encoder()\n",
        [[2, 8, 3]],
        "11:16",
        "torch would refuse this: Expected hidden size (1, 8, 4), got [1, 2, 4]",
        "Expected hidden size (1, 8, 4), got [1, 2, 4]",
    ),
    "cell_state_of_another_size": (
        HEADER + "class Stepper(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.cell = nn.LSTMCell(8, 4)\n\n    def forward(self, x):\n"
        "        h = c = torch.zeros(x.size(0), 5)\n        for t in range(x.size(1)):\n"
        "            h, c = self.cell(x[:, t], (h, c))\n        return h\n\n\nmodel = Stepper()\n",
        [[2, 5, 8]],
        "13:20",
        "torch would refuse this: hidden0 has inconsistent hidden_size: got 5, expected 4",
        "hidden0 has inconsistent hidden_size: got 5, expected 4",
    ),
    "heads_not_dividing_embed_dim": (
        HEADER + "class LSTMAttn(nn.Module):\n    def __init__(self, hidden=50, heads=3):\n"
        "        super().__init__()\n        self.lstm = nn.LSTM(6, hidden, batch_first=True, bidirectional=True)\n"
        "        self.attn = nn.MultiheadAttention(hidden * 2, heads, batch_first=True)\n\n"
        "    def forward(self, x):\n        o, _ = self.lstm(x)\n        return self.attn(o, o, o)[0]\n\n\n"
        "model = LSTMAttn()\n",
        [[2, 10, 6]],
        "9:55",
        "nn.MultiheadAttention has num_heads 3, which does not divide embed_dim 100 "
        "(torch: embed_dim must be divisible by num_heads)",
        "embed_dim must be divisible by num_heads",
    ),
    "key_wider_than_kdim": (
        HEADER + "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.mha = nn.MultiheadAttention(8, 2, kdim=4, vdim=4, batch_first=True)\n\n"
        "    def forward(self, x):\n        return self.mha(x, x, x)[0]\n\n\nmodel = M()\n",
        [[2, 5, 8]],
        "11:16",
        "torch would refuse this call: kdim (the k-projection's input) is 4, but the input's size there is 8",
        "expecting key weights shape of (8, 8), but got torch.Size([8, 4])",
    ),
    "transformer_heads_not_dividing_d_model": (
        HEADER + "class Seq2SeqTransformer(nn.Module):\n    def __init__(self, d_model=10, nhead=4):\n"
        "        super().__init__()\n"
        "        self.transformer = nn.Transformer(d_model, nhead, 2, 2, 32, batch_first=True)\n\n"
        "    def forward(self, src, tgt):\n        return self.transformer(src, tgt)\n\n\n"
        "model = Seq2SeqTransformer()\n",
        [[2, 7, 10], [2, 5, 10]],
        "8:28",
        "nn.Transformer's encoder: TransformerEncoderLayer has nhead 4, which does not divide d_model 10 "
        "(torch: embed_dim must be divisible by num_heads)",
        "embed_dim must be divisible by num_heads",
    ),
    "reflect_padding_as_long_as_the_axis": (
        HEADER + "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.pool = nn.MaxPool1d(4)\n"
        '        self.conv = nn.Conv1d(6, 6, 7, padding=3, padding_mode="reflect")\n\n'
        "    def forward(self, x):\n        return self.conv(self.pool(x))\n\n\nmodel = M()\n",
        [[2, 6, 12]],
        "12:16",
        "torch would refuse this call: padding_mode='reflect' pads (3, 3) an axis of 3: torch's padding must be "
        "less than the axis it pads",
        "Padding size should be less than the corresponding input dimension",
    ),
    # A model moved from GRU to LSTM that kept its one state tensor: an LSTM's states are a pair.
    "lstm_given_one_state_tensor": (
        HEADER + "class Tagger(nn.Module):\n    def __init__(self, n_features=10, hidden=16, layers=1):\n"
        "        super().__init__()\n        self.hidden, self.layers = hidden, layers\n"
        "        self.lstm = nn.LSTM(n_features, hidden, layers, batch_first=True)\n"
        "        self.out = nn.Linear(hidden, 5)\n\n    def forward(self, x):\n"
        "        h0 = torch.zeros(self.layers, x.size(0), self.hidden)\n        out, _ = self.lstm(x, h0)\n"
        "        return self.out(out)\n\n\nmodel = Tagger()\n",
        [[4, 12, 10]],
        "14:18",
        "torch would refuse this: index 1 is out of bounds for dimension 0 with size 1 "
        "(nn.LSTM's states are a pair (h_0, c_0), not one tensor)",
        "index 1 is out of bounds for dimension 0 with size 1",
    ),
    "two_layer_lstm_given_one_state_tensor": (
        HEADER + "class Tagger(nn.Module):\n    def __init__(self, n_features=10, hidden=16, layers=2):\n"
        "        super().__init__()\n        self.hidden, self.layers = hidden, layers\n"
        "        self.lstm = nn.LSTM(n_features, hidden, layers, batch_first=True)\n"
        "        self.out = nn.Linear(hidden, 5)\n\n    def forward(self, x):\n"
        "        h0 = torch.zeros(self.layers, x.size(0), self.hidden)\n        out, _ = self.lstm(x, h0)\n"
        "        return self.out(out)\n\n\nmodel = Tagger()\n",
        [[4, 12, 10]],
        "14:18",
        "torch would refuse this: For batched 3-D input, hx and cx should also be 3-D but got (2-D, 2-D) tensors "
        "(nn.LSTM's states are a pair (h_0, c_0), not one tensor)",
        "For batched 3-D input, hx and cx should also be 3-D but got (2-D, 2-D) tensors",
    ),
    # ... and one moved from LSTM to GRU that kept its pair.
    "gru_given_a_pair_of_states": (
        HEADER + "class Encoder(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(3, 4)\n\n    def forward(self, x):\n"
        "        h0 = c0 = torch.zeros(1, x.size(1), 4)\n        return self.rnn(x, (h0, c0))[0]\n\n\n"
        "model = Encoder()\n",
        [[7, 2, 3]],
        "12:16",
        "torch would refuse this: 'tuple' object has no attribute 'dim' (nn.GRU takes one state tensor, not a tuple)",
        "'tuple' object has no attribute 'dim'",
    ),
    "lstm_cell_given_one_state_tensor": (
        HEADER + "class Stepper(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.cell = nn.LSTMCell(8, 4)\n\n    def forward(self, x):\n"
        "        h = torch.zeros(x.size(0), 4)\n        for t in range(x.size(1)):\n"
        "            h, c = self.cell(x[:, t], h)\n        return h\n\n\nmodel = Stepper()\n",
        [[2, 5, 8]],
        "13:20",
        "torch would refuse this: lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not Tensor "
        "(nn.LSTMCell's states are a pair (h_0, c_0), not one tensor)",
        "lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not Tensor",
    ),
    "lstm_given_three_states": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(3, 4, batch_first=True)\n\n    def forward(self, x):\n"
        "        z = torch.zeros(1, x.size(0), 4)\n        return self.lstm(x, (z, z, z))[0]\n\n\nmodel = Net()\n",
        [[2, 6, 3]],
        "12:16",
        "torch would refuse this: lstm expects two hidden states (nn.LSTM's states are a pair (h_0, c_0))",
        "lstm expects two hidden states",
    ),
    # A size computed with / is a float, which view and reshape refuse.
    "reshape_to_a_float_size": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(4, 6, batch_first=True)\n        self.fc = nn.Linear(12, 2)\n\n"
        "    def forward(self, x):\n        out, _ = self.lstm(x)\n"
        "        out = out.reshape(x.size(0), x.size(1) / 2, -1)\n        return self.fc(out)\n\n\nmodel = Net()\n",
        [[2, 6, 4]],
        "13:15",
        "torch would refuse this: reshape(): argument 'shape' failed to unpack the object at pos 2 with error "
        '"type must be tuple of ints,but got float"',
        "type must be tuple of ints,but got float",
    ),
    # The beginner's mistake: super().__init__() forgotten, or called after the first module.
    "super_init_forgotten": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        self.hidden = 8\n"
        "        self.fc = nn.Linear(4, self.hidden)\n\n    def forward(self, x):\n        return self.fc(x)\n\n\n"
        "model = Net()\n",
        [[2, 4]],
        "8:19",
        "torch refuses this (AttributeError: cannot assign module before Module.__init__() call): call "
        "super().__init__() first in __init__",
        "cannot assign module before Module.__init__() call",
    ),
    "parameter_before_super_init": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n"
        "        self.scale = nn.Parameter(torch.ones(4))\n        super().__init__()\n\n"
        "    def forward(self, x):\n        return x * self.scale\n\n\nmodel = Net()\n",
        [[2, 4]],
        "7:22",
        "torch refuses this (AttributeError: cannot assign parameters before Module.__init__() call): call "
        "super().__init__() first in __init__",
        "cannot assign parameters before Module.__init__() call",
    ),
    "recurrent_batch_first_of_an_integer": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(8, 8, 1, True, 1)\n\n    def forward(self, x):\n        return self.gru(x)[0]\n\n\n"
        "model = Net()\n",
        [[2, 5, 8]],
        "8:42",
        "torch refuses this (TypeError: batch_first should be of type bool, got: int)",
        "batch_first should be of type bool, got: int",
    ),
    # nn.GLU halves its dim (the channels here): an odd size there is refused when called.
    "glu_of_odd_channels": (
        HEADER + "class GatedConv(nn.Module):\n    def __init__(self, channels=3, filters=5):\n"
        "        super().__init__()\n        self.conv = nn.Conv2d(channels, filters, 3, padding=1)\n"
        "        self.glu = nn.GLU(dim=1)\n\n    def forward(self, x):\n        return self.glu(self.conv(x))\n\n\n"
        "model = GatedConv()\n",
        [[2, 3, 8, 8]],
        "12:16",
        "torch would refuse this call: halves axis 1 of its input (2, 5, 8, 8), of odd size 5 "
        "(torch: Halving dimension must be even, but dimension 1 is size 5)",
        "Halving dimension must be even, but dimension 1 is size 5",
    ),
    # Softmax over a dim the tensor has not (its classes counted from 1): summarised before, as its shape was kept.
    "softmax_dim_past_the_last_axis": (
        HEADER + "class Classifier(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(8, 4)\n        self.softmax = nn.Softmax(dim=3)\n\n"
        "    def forward(self, x):\n        return self.softmax(self.fc(x))\n\n\nmodel = Classifier()\n",
        [[2, 6, 8]],
        "12:16",
        "torch would refuse this call: has dim: 3, but its input (2, 6, 4) has 3 axes, batch included "
        "(torch: dimension out of range, expected one in [-3, 2])",
        "Dimension out of range (expected to be in range of [-3, 2], but got 3)",
    ),
    # ReLU6's clipping written with the bounds the other way round: torch's constructor refuses it.
    "hardtanh_bounds_reversed": (
        HEADER + "class Head(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(8, 4)\n        self.clip = nn.Hardtanh(6, 0)\n\n"
        "    def forward(self, x):\n        return self.clip(self.fc(x))\n\n\nmodel = Head()\n",
        [[2, 8]],
        "9:36",
        "nn.Hardtanh has max_val 0, not above min_val 6 (torch: max_val (0) must be greater than min_val (6))",
        "max_val (0) must be greater than min_val (6)",
    ),
    # nn.LSTMCell returns (h_1, c_1), not nn.LSTM's (output, (h_n, c_n)): c_1 unpacked into two names (a public
    # decoder's loop, written afresh). The shapes stopped there; Python refuses it.
    "cell_result_unpacked_as_an_lstm_s": (
        HEADER + "class CellDecoder(nn.Module):\n"
        "    def __init__(self, size):\n        super().__init__()\n        self.cell = nn.LSTMCell(size, size)\n"
        "        self.size = size\n\n"
        "    def forward(self, x, steps=4):\n        h = torch.zeros(x.shape[0], self.size)\n"
        "        c = torch.zeros(x.shape[0], self.size)\n        outputs = []\n        for _ in range(steps):\n"
        "            x, (h, c) = self.cell(x, (h, c))\n            outputs.append(x)\n"
        "        return torch.stack(outputs, dim=1)\n\n\nmodel = CellDecoder(8)\n",
        [[4, 8]],
        "16:16",
        "Python refuses this (ValueError: too many values to unpack (expected 2))",
        "too many values to unpack (expected 2)",
    ),
    "lstm_result_unpacked_into_three_names": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(8, 16, batch_first=True)\n\n"
        "    def forward(self, x):\n        out, h, c = self.lstm(x)\n        return out\n\n\nmodel = Net()\n",
        [[2, 5, 8]],
        "11:9",
        "Python refuses this (ValueError: not enough values to unpack (expected 3, got 2))",
        "not enough values to unpack (expected 3, got 2)",
    ),
    # States given as a number: torch indexes an LSTM's, asks a GRU's for its dim() (printed as a table before).
    "states_given_as_a_number": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(2, 4)\n        self.gru = nn.GRU(4, 4)\n\n"
        "    def forward(self, x):\n        out = self.lstm(x)[0]\n        return self.gru(out, 0)[0]\n\n\n"
        "model = Net()\n",
        [[3, 1, 2]],
        "13:16",
        "torch would refuse this: 'int' object has no attribute 'dim' (nn.GRU takes its states as tensors)",
        "'int' object has no attribute 'dim'",
    ),
    # After onurbil/emotion_from_speech models.py: an LSTM's output, never packed, padded as if packed (a table
    # with the rest unknown before).
    "pad_packed_sequence_of_an_unpacked_output": (
        HEADER + "class SpeechLSTM(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(13, 32, 2, batch_first=True)\n        self.fc = nn.Linear(32, 4)\n\n"
        "    def forward(self, x):\n        x, _ = self.lstm(x)\n"
        "        x, _ = nn.utils.rnn.pad_packed_sequence(x, batch_first=True)\n"
        "        return self.fc(x[:, -1, :])\n\n\nmodel = SpeechLSTM()\n",
        [[4, 20, 13]],
        "13:16",
        "torch would refuse this: 'Tensor' object has no attribute 'batch_sizes' (pad_packed_sequence takes the "
        "PackedSequence an RNN gives for an input packed with pack_padded_sequence, not a tensor)",
        "'Tensor' object has no attribute 'batch_sizes'",
    ),
    # After panguangze/attention-based-seq2seq models/attention.py: __init__ makes self.linear, forward calls
    # self.linear_out, which nothing sets (a table with the rest unknown before).
    "attribute_nothing_sets": (
        HEADER + "class Attention(nn.Module):\n    def __init__(self, dim):\n        super().__init__()\n"
        "        self.linear = nn.Linear(dim * 2, dim)\n\n"
        "    def forward(self, output, context):\n"
        "        mix = torch.bmm(torch.softmax(output @ context.transpose(1, 2), -1), context)\n"
        "        return torch.tanh(self.linear_out(torch.cat((mix, output), dim=2)))\n\n\n"
        "class Decoder(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.enc = nn.LSTM(8, 16, batch_first=True)\n        self.attention = Attention(16)\n\n"
        "    def forward(self, x):\n        out, _ = self.enc(x)\n        return self.attention(out, out)\n\n\n"
        "model = Decoder()\n",
        [[4, 7, 8]],
        "12:27",
        "torch would refuse this: AttributeError: 'Attention' object has no attribute 'linear_out'",
        "'Attention' object has no attribute 'linear_out'",
    ),
    # A CRNN's block makes self.brnn and calls self.rnn: the self.rnn another class sets is not this one's.
    "attribute_only_another_class_sets": (
        HEADER + "class BidirectionalLSTM(nn.Module):\n    def __init__(self, n_in, hidden, n_out):\n"
        "        super().__init__()\n        self.brnn = nn.LSTM(n_in, hidden, bidirectional=True)\n"
        "        self.embedding = nn.Linear(hidden * 2, n_out)\n\n"
        "    def forward(self, x):\n        recurrent, _ = self.rnn(x)\n        return self.embedding(recurrent)\n\n\n"
        "class Head(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = nn.Sequential(BidirectionalLSTM(32, 16, 16), BidirectionalLSTM(16, 16, 10))\n\n"
        "    def forward(self, x):\n        return self.rnn(x)\n\n\nmodel = Head()\n",
        [[9, 2, 32]],
        "12:24",
        "torch would refuse this: AttributeError: 'BidirectionalLSTM' object has no attribute 'rnn'",
        "'BidirectionalLSTM' object has no attribute 'rnn'",
    ),
    # After packed-sequence classifiers (DeGlazed/fl_platform src/models/model.py): pad_packed_sequence forgotten,
    # the LSTM's PackedSequence given on as if a padded tensor (a table of its shapes as the padded tensor's before).
    "packed_output_given_to_a_linear": (
        PACKED.format(use="self.fc(out)"),
        [[4, 10, 6]],
        "15:16",
        "torch would refuse this call: nn.Linear is given a PackedSequence, not a tensor " + PACKED_WORDS,
        "linear(): argument 'input' (position 1) must be Tensor, not PackedSequence",
    ),
    "packed_output_activated": (
        PACKED.format(use="self.fc(torch.relu(out))"),
        [[4, 10, 6]],
        "15:24",
        "torch would refuse this: relu() is given a PackedSequence, not a tensor " + PACKED_WORDS,
        "relu(): argument 'input' (position 1) must be Tensor, not PackedSequence",
    ),
    "packed_output_indexed_as_a_tensor": (
        PACKED.format(use="self.fc(out[:, -1])"),
        [[4, 10, 6]],
        "15:24",
        "torch would refuse this: TypeError: tuple indices must be integers or slices, not tuple " + PACKED_WORDS,
        "tuple indices must be integers or slices, not tuple",
    ),
    "packed_output_reduced": (
        PACKED.format(use="self.fc(out.mean(1))"),
        [[4, 10, 6]],
        "15:24",
        "torch would refuse this: AttributeError: 'PackedSequence' object has no attribute 'mean' " + PACKED_WORDS,
        "'PackedSequence' object has no attribute 'mean'",
    ),
    # A batch-first input packed without batch_first=True: one length per batch item, where torch reads the time
    # axis as the batch (a table with the LSTM's final state of batch 9 before).
    "packed_lengths_of_another_batch": (
        LENGTHS.format(options=""),
        [[4, 9, 5], [4]],
        "12:18",
        "torch would refuse this: Expected `len(lengths)` to be equal to batch_size, but got 4 (batch_size=9)",
        "Expected `len(lengths)` to be equal to batch_size, but got 4 (batch_size=9)",
    ),
    "packed_lengths_outnumbering_the_batch": (
        LENGTHS.format(options=", batch_first=True, enforce_sorted=False"),
        [[4, 9, 5], [12]],
        "12:18",
        "torch would refuse this: IndexError: index out of range in self (the lengths outnumber the batch)",
        "index out of range in self",
    ),
}

#: Read, with torchinfo's table (tests/golden/torch_probe_findings): name -> (code, input shapes).
READ: dict[str, tuple[str, list[list[int]]]] = {
    # The MLP idiom: every layer but the last in a loop over a slice of the ModuleList (it was not followed).
    "loop_over_a_slice_of_a_module_list": (
        HEADER + "class MLP(nn.Module):\n    def __init__(self, sizes=(4, 16, 16, 3)):\n        super().__init__()\n"
        "        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))\n\n"
        "    def forward(self, x):\n        for layer in self.layers[:-1]:\n            x = torch.relu(layer(x))\n"
        "        return self.layers[-1](x)\n\n\nmodel = MLP()\n",
        [[2, 5, 4]],
    ),
    # A child set to None keeps its place in torch's _modules: the module set there again runs there.
    "child_set_to_none_then_made_again": (
        HEADER + "class Head(nn.Sequential):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(4, 6)\n        self.pool = nn.AdaptiveAvgPool1d(2)\n        self.pool = None\n"
        "        self.flat = nn.Flatten()\n        self.pool = nn.AdaptiveAvgPool1d(3)\n\n\nmodel = Head()\n",
        [[2, 5, 4]],
    ),
    # A tied parameter is one tensor: frozen or unfrozen under either name, it is so under both.
    "tied_weight_frozen_under_its_first_name": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.emb = nn.Embedding(10, 4)\n        self.lstm = nn.LSTM(4, 4, batch_first=True)\n"
        "        self.dec = nn.Linear(4, 10)\n"
        "        self.dec.weight = self.emb.weight\n        self.emb.weight.requires_grad = False\n\n"
        "    def forward(self, x):\n        return self.dec(self.lstm(self.emb(x))[0])\n\n\nmodel = Net()\n",
        [[2, 5]],
    ),
    "tied_weight_unfrozen_under_its_second_name": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.emb = nn.Embedding(10, 4)\n        self.lstm = nn.LSTM(4, 4, batch_first=True)\n"
        "        self.dec = nn.Linear(4, 10)\n"
        "        self.emb.weight.requires_grad = False\n        self.dec.weight = self.emb.weight\n"
        "        self.dec.weight.requires_grad_(True)\n\n"
        "    def forward(self, x):\n        return self.dec(self.lstm(self.emb(x))[0])\n\n\nmodel = Net()\n",
        [[2, 5]],
    ),
    # HF-style (loss, logits) with loss None at inference: torchinfo sizes a tuple by its first item, so "--".
    "tuple_returned_whose_first_item_is_none": (
        HEADER + "class Tagger(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(4, 16, batch_first=True)\n        self.fc = nn.Linear(16, 5)\n\n"
        "    def forward(self, x, labels=None):\n        logits = self.fc(self.lstm(x)[0])\n        loss = None\n"
        "        if labels is not None:\n"
        "            loss = nn.functional.cross_entropy(logits.transpose(1, 2), labels)\n"
        "        return loss, logits\n\n\nmodel = Tagger()\n",
        [[2, 5, 4]],
    ),
    # In-place methods that change a tensor's shape: the name holds the new shape (it kept the old one).
    "shapes_changed_in_place": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.pool = nn.AdaptiveAvgPool1d(1)\n        self.proj = nn.Linear(4, 2)\n\n"
        "    def forward(self, x):\n        x.transpose_(1, 2)\n        h = self.pool(x)\n        h.squeeze_(-1)\n"
        "        h.unsqueeze_(1)\n        return self.proj(h)\n\n\nmodel = Net()\n",
        [[2, 5, 4]],
    ),
    # The shared-embedding idiom: a module made in __init__ given to a child's constructor (self.embedding,
    # or a local name), whose sizes the child reads off it (embedding.embedding_dim, self.fc.out_features).
    "module_given_to_a_child_and_read_for_sizes": (
        HEADER + "class Encoder(nn.Module):\n    def __init__(self, embedding, hidden):\n        super().__init__()\n"
        "        self.embedding = embedding\n"
        "        self.rnn = nn.GRU(embedding.embedding_dim, hidden, batch_first=True)\n\n"
        "    def forward(self, x):\n        out, h = self.rnn(self.embedding(x))\n        return h[-1]\n\n\n"
        "class Net(nn.Module):\n    def __init__(self, vocab=50, dim=8, hidden=16):\n        super().__init__()\n"
        "        self.embedding = nn.Embedding(vocab, dim)\n        self.encoder = Encoder(self.embedding, hidden)\n"
        "        head = nn.Linear(self.encoder.rnn.hidden_size, 4)\n"
        "        self.decoder = Encoder(nn.Embedding(vocab, dim * 2), head.out_features)\n"
        "        self.fc = head\n\n"
        "    def forward(self, x):\n        return self.fc(self.encoder(x)) + self.decoder(x)\n\n\nmodel = Net()\n",
        [[2, 5]],
    ),
    "bidirectional_state_with_directions": (
        REFUSED["bidirectional_state_without_directions"][0].replace(
            "torch.zeros(self.num_layers,", "torch.zeros(self.num_layers * 2,"
        ),
        [[4, 12, 10]],
    ),
    "reflect_padding_shorter_than_the_axis": (REFUSED["reflect_padding_as_long_as_the_axis"][0], [[2, 6, 16]]),
    # torchinfo shows a dict's last value.
    "forward_returning_a_dict": (
        HEADER + "class DictOut(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(8, 5, batch_first=True)\n        self.a = nn.Linear(5, 3)\n"
        "        self.b = nn.Linear(5, 1)\n\n    def forward(self, x):\n        o, (h, c) = self.lstm(x)\n"
        '        return {"logits": self.a(o), "value": self.b(h[-1]).squeeze(-1)}\n\n\nmodel = DictOut()\n',
        [[2, 6, 8]],
    ),
    "submodule_returning_a_dict": (
        HEADER + "class Heads(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.a = nn.Linear(5, 3)\n        self.b = nn.Linear(5, 1)\n\n    def forward(self, h):\n"
        '        return {"value": self.b(h), "logits": self.a(h)}\n\n\n'
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(8, 5, batch_first=True)\n        self.heads = Heads()\n\n"
        "    def forward(self, x):\n        o, _ = self.lstm(x)\n        out = self.heads(o[:, -1])\n"
        '        return out["logits"].softmax(-1), out\n\n\nmodel = Net()\n',
        [[2, 6, 8]],
    ),
    # Sizes unpacked from a tuple or list argument, into names and into attributes (read as unknown before).
    "sizes_unpacked_in_init": (
        HEADER + "class Net(nn.Module):\n    def __init__(self, sizes=[8, 16], head=(16, 3)):\n"
        "        super().__init__()\n        self.n_in, self.n_hidden = sizes\n        n_in, n_out = head\n"
        "        sizes.append(3)\n        first, second = sizes[1:]\n"
        "        self.lstm = nn.LSTM(self.n_in, self.n_hidden, batch_first=True)\n"
        "        self.fc = nn.Linear(n_in, n_out * second)\n\n    def forward(self, x):\n"
        "        o, _ = self.lstm(x)\n        return self.fc(o[:, -1])\n\n\nmodel = Net()\n",
        [[2, 5, 8]],
    ),
    # A child made again keeps its place among the children (torch's _modules is a dict): a Sequential
    # subclass runs them in that order.
    "child_made_again_keeps_its_place": (
        HEADER + "class Head(nn.Sequential):\n    def __init__(self, d=4):\n        super().__init__()\n"
        "        self.fc1 = nn.Linear(d, 8)\n        self.flat = nn.Flatten()\n"
        "        self.pool = nn.AdaptiveAvgPool1d(2)\n        self.flat = nn.Flatten()\n"
        "        self.fc1 = nn.Linear(d, 5)\n\n\n"
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(3, 4, batch_first=True)\n        self.head = Head()\n\n"
        "    def forward(self, x):\n        out, _ = self.lstm(x)\n        return self.head(out)\n\n\n"
        "model = Net()\n",
        [[2, 6, 3]],
    ),
    # A method the class body binds to another method's def (make = make_big; forward = _last) is that def.
    "methods_bound_to_other_defs": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(4, 4, batch_first=True)\n        self.body = self.make(4)\n\n"
        "    def make(self, n):\n        return nn.Linear(n, n)\n\n    def make_big(self, n):\n"
        "        return nn.Sequential(nn.Linear(n, 4 * n), nn.Linear(4 * n, 2))\n\n    make = make_big\n\n"
        "    def forward(self, x):\n        return self.body(self.gru(x)[0])\n\n"
        "    def _last(self, x):\n        return self.body(self.gru(x)[0][:, -1])\n\n    forward = _last\n\n\n"
        "model = Net()\n",
        [[2, 5, 4]],
    ),
    # forward(self, *inputs): its tensors as a tuple; decorators that leave the result as it is are followed.
    "forward_of_starred_inputs_under_no_grad": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(4, 3, batch_first=True)\n        self.fc = self.head(3)\n\n"
        "    @staticmethod\n    def head(n):\n        return nn.Linear(n, 2)\n\n"
        "    @torch.no_grad()\n    def forward(self, *inputs):\n        out, _ = self.gru(inputs[0] + inputs[1])\n"
        "        return self.fc(out)\n\n\nmodel = Net()\n",
        [[2, 5, 4], [2, 5, 4]],
    ),
    # The activation modules and 2-D adaptive pools beyond ReLU's: a CNN-LSTM that gates its channels
    # (GLU halves them), pools the height away keeping the width as time steps, and clips its head.
    "cnn_lstm_of_more_activations": (
        HEADER + "class CNNLSTM(nn.Module):\n    def __init__(self, channels=3, filters=8, hidden=16, classes=5):\n"
        "        super().__init__()\n        self.conv = nn.Conv2d(channels, filters * 2, 3, padding=1)\n"
        "        self.glu = nn.GLU(dim=1)\n        self.act = nn.ELU(0.5)\n"
        "        self.pool = nn.AdaptiveAvgPool2d((1, None))\n"
        "        self.lstm = nn.LSTM(filters, hidden, batch_first=True)\n"
        "        self.head = nn.Sequential(\n            nn.Linear(hidden, hidden), nn.Softplus(), nn.Hardtanh(0, 6), "
        "nn.SiLU(), nn.Linear(hidden, classes)\n        )\n\n"
        "    def forward(self, x):\n        x = self.pool(self.act(self.glu(self.conv(x))))\n"
        "        out, _ = self.lstm(x.squeeze(2).transpose(1, 2))\n        return self.head(out[:, -1])\n\n\n"
        "model = CNNLSTM()\n",
        [[2, 3, 12, 20]],
    ),
    # A bidirectional GRU's h_n unpacked along its first axis into its two directions (the shapes stopped there).
    "final_states_unpacked_by_direction": (
        HEADER + "class Encoder(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.gru = nn.GRU(8, 16, batch_first=True, bidirectional=True)\n"
        "        self.fc = nn.Linear(32, 3)\n\n"
        "    def forward(self, x):\n        _, h_n = self.gru(x)\n        forward_h, backward_h = h_n\n"
        "        first, *rest = x\n"
        "        return self.fc(torch.cat([forward_h, backward_h], dim=1)) + first.sum() * 0 + len(rest)\n\n\n"
        "model = Encoder()\n",
        [[2, 5, 8]],
    ),
    # After pointer networks' self._inf = nn.Parameter(torch.FloatTensor([float("-inf")])) and class weights made
    # with torch.FloatTensor([1, 2]): torch's legacy constructors read one sequence as data, a tensor of 2 numbers
    # (lstmcalc read [1, 2] as the sizes 1 x 2, and asked for float("-inf") as a size).
    "legacy_constructor_given_data": (
        HEADER + "class Scorer(nn.Module):\n    def __init__(self, hidden=8):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(4, hidden, batch_first=True)\n"
        "        self.v = nn.Parameter(torch.FloatTensor([0.5] * hidden))\n"
        "        self.class_weights = nn.Parameter(torch.FloatTensor([3, 4]), requires_grad=False)\n"
        "        self._inf = nn.Parameter(torch.Tensor([[float('-inf')], [0.0]]), requires_grad=False)\n\n"
        "    def forward(self, x):\n        out, _ = self.lstm(x)\n"
        "        return (out @ self.v) * self.class_weights.sum() + self._inf.sum()\n\n\nmodel = Scorer()\n",
        [[2, 5, 4]],
    ),
    # A time-series transformer's class token made with torch.zeros(size=(1, 1, d_model)) and a gate with
    # torch.full((d_model,), 0.1): lstmcalc read the first as one number (no positional sizes) and refused the second.
    "sizes_given_by_keyword": (
        HEADER + "class TokenEncoder(nn.Module):\n    def __init__(self, d_model=8):\n        super().__init__()\n"
        "        self.proj = nn.Linear(3, d_model)\n"
        "        self.cls_token = nn.Parameter(torch.zeros(size=(1, 1, d_model)))\n"
        "        self.gate = nn.Parameter(torch.full((d_model,), 0.1))\n"
        "        self.encoder = nn.GRU(d_model, d_model, batch_first=True)\n\n"
        "    def forward(self, x):\n        tokens = self.proj(x) * self.gate\n"
        "        tokens = torch.cat([self.cls_token.expand(x.size(0), -1, -1), tokens], dim=1)\n"
        "        return self.encoder(tokens)[0][:, 0]\n\n\nmodel = TokenEncoder()\n",
        [[2, 5, 3]],
    ),
    # A learned positional table made with torch.zeros(*shape): lstmcalc asked for --set '*shape=VALUE', a name
    # no --set can give.
    "sizes_spread_from_a_tuple": (
        HEADER + "class Positional(nn.Module):\n    def __init__(self, max_len=5, d_model=4):\n"
        "        super().__init__()\n        shape = (1, max_len, d_model)\n"
        "        self.pos = nn.Parameter(torch.zeros(*shape))\n"
        "        self.lstm = nn.LSTM(d_model, 6, batch_first=True)\n\n"
        "    def forward(self, x):\n        return self.lstm(x + self.pos)[0]\n\n\nmodel = Positional()\n",
        [[2, 5, 4]],
    ),
    # An LSTM-attention hybrid that returns the attention's weights, None with need_weights=False: unpacked,
    # that None was bound as an unknown tensor (the model's output, its MACs and sizes printed as ?, no note).
    "attention_weights_not_asked_for": (
        HEADER + "class Hybrid(nn.Module):\n    def __init__(self, d=8):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(d, d, batch_first=True)\n"
        "        self.attn = nn.MultiheadAttention(d, 2, batch_first=True)\n\n"
        "    def forward(self, x):\n        out, _ = self.lstm(x)\n"
        "        att, weights = self.attn(out, out, out, need_weights=False)\n"
        "        if weights is not None:\n            att = att * weights.sum()\n"
        "        return att, weights\n\n\nmodel = Hybrid()\n",
        [[3, 6, 8]],
    ),
    # need_weights given by position (attention(q, k, v, None, False)): lstmcalc read the default, weights of
    # (3, 6, 6), took the branch torch does not and left the head's Linear out of the table.
    "attention_options_by_position": (
        HEADER + "class Hybrid(nn.Module):\n    def __init__(self, d=8):\n        super().__init__()\n"
        "        self.attn = nn.MultiheadAttention(d, 2, batch_first=True)\n        self.fc = nn.Linear(d, 2)\n\n"
        "    def forward(self, x):\n        att, weights = self.attn(x, x, x, None, False)\n"
        "        if weights is None:\n            return self.fc(att)\n        return att\n\n\nmodel = Hybrid()\n",
        [[3, 6, 8]],
    ),
    # A padding mask given to an encoder made with enable_nested_tensor=False: torch runs its layers on the padded
    # tensor, and torchinfo sizes them (lstmcalc noted nested tensors and printed ? there).
    "padding_mask_without_nested_tensors": (
        HEADER + "class Hybrid(nn.Module):\n    def __init__(self, d=8):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(d, d, batch_first=True)\n"
        "        layer = nn.TransformerEncoderLayer(d, 2, dim_feedforward=16, batch_first=True)\n"
        "        self.encoder = nn.TransformerEncoder(layer, num_layers=1, enable_nested_tensor=False)\n\n"
        "    def forward(self, x):\n        mask = torch.zeros(x.size(0), x.size(1), dtype=torch.bool)\n"
        "        return self.encoder(self.lstm(x)[0], src_key_padding_mask=mask)\n\n\nmodel = Hybrid()\n",
        [[3, 6, 8]],
    ),
}

#: The notes lstmcalc prints after torchinfo's table for a case of READ, by name (none for the others).
READ_NOTES = {
    "module_given_to_a_child_and_read_for_sizes": "embedding (Embedding) is also held as encoder.embedding: one "
    "module, whose 400 parameters torch's parameters() counts once; its state_dict lists them under each name "
    "(encoder.embedding.weight)\n",
    "tied_weight_frozen_under_its_first_name": "dec.weight is emb.weight (tied weights): one parameter that the "
    "state_dict lists under both names and torchinfo counts twice, as the totals here do; torch's parameters() "
    "counts 210 in all\n",
    "tied_weight_unfrozen_under_its_second_name": "dec.weight is emb.weight (tied weights): one parameter that the "
    "state_dict lists under both names and torchinfo counts twice, as the totals here do; torch's parameters() "
    "counts 210 in all\n",
}
