# After Shawn1993/cnn-text-classification-pytorch: model.py (CNN_Text), Kim's CNN for sentence
# classification: an argparse namespace kept as self.args and read through single-letter names,
# one nn.Conv2d per filter height spanning the whole embedding ((K, D) kernels, one input channel)
# in an nn.ModuleList made by a comprehension, an unused conv-and-pool helper, and in forward two
# list comprehensions (convolve, squeeze the width of one; max_pool1d over the whole length) whose
# lists are concatenated by torch.cat.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import Variable


class CNN_Text(nn.Module):
    def __init__(self, args):
        super(CNN_Text, self).__init__()
        self.args = args

        V = args.embed_num
        D = args.embed_dim
        C = args.class_num
        Ci = 1
        Co = args.kernel_num
        Ks = args.kernel_sizes

        self.embed = nn.Embedding(V, D)
        self.convs1 = nn.ModuleList([nn.Conv2d(Ci, Co, (K, D)) for K in Ks])
        self.dropout = nn.Dropout(args.dropout)
        self.fc1 = nn.Linear(len(Ks) * Co, C)

    def conv_and_pool(self, x, conv):
        x = F.relu(conv(x)).squeeze(3)  # (N, Co, W)
        return F.max_pool1d(x, x.size(2)).squeeze(2)

    def forward(self, x):
        x = self.embed(x)  # (N, W, D)
        if self.args.static:
            x = Variable(x)
        x = x.unsqueeze(1)  # (N, Ci, W, D)
        x = [F.relu(conv(x)).squeeze(3) for conv in self.convs1]  # [(N, Co, W)] * len(Ks)
        x = [F.max_pool1d(i, i.size(2)).squeeze(2) for i in x]  # [(N, Co)] * len(Ks)
        x = torch.cat(x, 1)
        x = self.dropout(x)  # (N, len(Ks) * Co)
        return self.fc1(x)  # (N, C)
