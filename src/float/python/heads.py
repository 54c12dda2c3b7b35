"""Shared by the multi-head mixers: the q/k/v/o projections (bias-free, named wq, wk, wv, wo as in
docs/float.md) and the reshapes between [B, L, width] and [B, H, L, width/H]."""

import torch.nn as nn


class HeadProjections(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        if width % heads != 0:
            raise ValueError(f"width {width} is not divisible by heads {heads}")
        self.heads = heads
        self.wq = nn.Linear(width, width, bias=False)
        self.wk = nn.Linear(width, width, bias=False)
        self.wv = nn.Linear(width, width, bias=False)
        self.wo = nn.Linear(width, width, bias=False)

    def split(self, t):
        b, length, width = t.shape
        return t.view(b, length, self.heads, width // self.heads).transpose(1, 2)

    def merge(self, t):
        b, heads, length, d = t.shape
        return t.transpose(1, 2).reshape(b, length, heads * d)
