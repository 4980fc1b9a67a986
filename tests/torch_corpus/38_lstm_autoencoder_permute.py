# After harshith0923/IOT-healthcare-anomaly-app: iot-healthcare-anomaly-app/models/lstm_autoencoder.py
# (LSTMAutoencoder): h_n repeated along its first axis and permuted to batch-first for a decoder
# that outputs the input width.
import torch.nn as nn


class LSTMAutoencoder(nn.Module):
    def __init__(self, input_dim, hidden_dim=64, num_layers=1):
        super(LSTMAutoencoder, self).__init__()
        self.encoder = nn.LSTM(input_dim, hidden_dim, num_layers, batch_first=True)
        self.decoder = nn.LSTM(hidden_dim, input_dim, num_layers, batch_first=True)

    def forward(self, x):
        _, (hidden, _) = self.encoder(x)
        repeated = hidden.repeat(x.size(1), 1, 1).permute(1, 0, 2)
        reconstructed, _ = self.decoder(repeated)
        return reconstructed
