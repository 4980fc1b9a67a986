# After liuzh00/textcnn_py: textcnn.py (TextCNN), itself after graykode/nlp-tutorial's TextCNN:
# module-level hyperparameters and a vocabulary built from a handful of sentences, an nn.Embedding
# named W, one nn.Sequential of a Conv2d whose kernel spans the embedding, a ReLU and an
# nn.MaxPool2d over the remaining steps, then X.shape[0] and view(batch_size, -1) before the
# classifier.
import torch
import torch.nn as nn
import torch.optim as optim

embedding_size = 2  # n-gram
sequence_length = 3  # every sentence has 3 words
num_classes = 2  # 0 or 1

sentences = ["i love you", "he loves me", "she likes baseball", "i hate you", "sorry for that", "this is awful"]
labels = [1, 1, 1, 0, 0, 0]

word_list = list(set(" ".join(sentences).split()))
word_dict = {w: i for i, w in enumerate(word_list)}
vocab_size = len(word_dict)


class TextCNN(nn.Module):
    def __init__(self):
        super(TextCNN, self).__init__()
        self.W = nn.Embedding(vocab_size, embedding_size)
        output_channel = 3
        self.conv = nn.Sequential(
            # [input_channel(=1), output_channel, (filter_height, filter_width), stride=1]
            nn.Conv2d(1, output_channel, (2, embedding_size)),
            nn.ReLU(),
            # ((filter_height, filter_width))
            nn.MaxPool2d((2, 1)),
        )
        self.fc = nn.Linear(output_channel, num_classes)

    def forward(self, X):
        batch_size = X.shape[0]
        embedding_X = self.W(X)  # [batch_size, sequence_length, embedding_size]
        embedding_X = embedding_X.unsqueeze(1)  # [batch, channel(=1), sequence_length, embedding_size]
        conved = self.conv(embedding_X)  # [batch_size, output_channel, 1, 1]
        flatten = conved.view(batch_size, -1)  # [batch_size, output_channel * 1 * 1]
        return self.fc(flatten)


model = TextCNN()
criterion = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=1e-3)
