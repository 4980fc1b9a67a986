# After AceAryan/SRIP26-AI_for_Health: models/cnn_model.py (CNN1D): one nn.Sequential of Conv1d,
# ReLU and MaxPool1d blocks ending in AdaptiveAvgPool1d(1), squeeze(-1) before the classifier.
import torch
import torch.nn as nn


class CNN1D(nn.Module):
    def __init__(self, num_classes):
        super(CNN1D, self).__init__()
        self.features = nn.Sequential(
            nn.Conv1d(1, 16, kernel_size=5, padding=2),
            nn.ReLU(),
            nn.MaxPool1d(2),
            nn.Conv1d(16, 32, kernel_size=5, padding=2),
            nn.ReLU(),
            nn.MaxPool1d(2),
            nn.Conv1d(32, 64, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.AdaptiveAvgPool1d(1),
        )
        self.classifier = nn.Linear(64, num_classes)

    def forward(self, x):
        x = self.features(x)
        x = x.squeeze(-1)  # (batch, 64)
        return self.classifier(x)
