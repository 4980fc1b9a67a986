# After seafoodfry/ml-workspace: gpu-sandbox/neuro/intro-rnns/model_simple.py (CharRNN): a
# time-major nn.RNN, the classifier on hidden[0], LogSoftmax as a module.
import torch.nn as nn


class CharRNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.rnn = nn.RNN(input_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)  # hidden to output
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        rnn_out, hidden = self.rnn(line_tensor)
        output = self.h2o(hidden[0])
        return self.softmax(output)
