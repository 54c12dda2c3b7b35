"""Shared pieces of the PyTorch twins: norms, positions, the SwiGLU MLP, causal attention.

Every formula here is written out in docs/float.md; the bit-exact TypeScript versions must
follow it term by term, so nothing calls a fused kernel whose order is unspecified.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from heads import HeadProjections

NORM_EPS = 1e-5  # the config's normEps default
ROPE_BASE = 10000.0  # the config's ropeBase default


class RMSNorm(nn.Module):
    """y = x / sqrt(mean(x^2) + eps) * weight (eps = normEps, default 1e-5)."""

    def __init__(self, width, eps=NORM_EPS):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(width))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class LayerNorm(nn.Module):
    """y = (x - mean) / sqrt(var + eps) * weight + bias (biased variance, eps = normEps)."""

    def __init__(self, width, eps=NORM_EPS):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(width))
        self.bias = nn.Parameter(torch.zeros(width))

    def forward(self, x):
        mu = x.mean(-1, keepdim=True)
        var = (x - mu).pow(2).mean(-1, keepdim=True)
        return (x - mu) * torch.rsqrt(var + self.eps) * self.weight + self.bias


def make_norm(kind, width, eps=NORM_EPS):
    return RMSNorm(width, eps) if kind == "rmsnorm" else LayerNorm(width, eps)


def sinusoidal_table(rows, width):
    """E[p, 2k] = sin(p / 10000^(2k/width)), E[p, 2k+1] = cos(p / 10000^(2k/width))."""
    pos = torch.arange(rows, dtype=torch.float64).unsqueeze(1)
    k = torch.arange(0, width, 2, dtype=torch.float64)
    freq = torch.pow(10000.0, -k / width)
    table = torch.zeros(rows, width, dtype=torch.float64)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq)[:, : width // 2]
    return table


def rope(x, positions, base=ROPE_BASE):
    """Rotary positions on interleaved pairs (x[2i], x[2i+1]) with angle p * base^(-2i/d),
    the angles in float64 whatever x's dtype.

    x: [B, H, L, d] (d even), positions: [L].
    """
    d = x.shape[-1]
    i = torch.arange(0, d, 2, dtype=torch.float64, device=x.device)
    theta = torch.pow(float(base), -i / d)
    ang = positions.to(torch.float64).unsqueeze(1) * theta  # [L, d/2]
    cos = torch.cos(ang).to(x.dtype)
    sin = torch.sin(ang).to(x.dtype)
    x0 = x[..., 0::2]
    x1 = x[..., 1::2]
    out = torch.empty_like(x)
    out[..., 0::2] = x0 * cos - x1 * sin
    out[..., 1::2] = x0 * sin + x1 * cos
    return out


class SwiGLU(nn.Module):
    """w_down(silu(w_gate x) * (w_up x)), no biases."""

    def __init__(self, width, hidden):
        super().__init__()
        self.w_gate = nn.Linear(width, hidden, bias=False)
        self.w_up = nn.Linear(width, hidden, bias=False)
        self.w_down = nn.Linear(hidden, width, bias=False)

    def forward(self, x):
        return self.w_down(F.silu(self.w_gate(x)) * self.w_up(x))


class CausalSelfAttention(HeadProjections):
    """Softmax attention, H heads of size d = width/H; scores q.k / sqrt(d), causal mask.

    mask_value None: -inf above the diagonal. A number (rnn-icrag: -100) is ADDED to the scores
    above the diagonal, as rnn-icrag's additive mask does, so later keys keep a tiny weight.
    """

    def __init__(self, width, heads, use_rope, rope_base=ROPE_BASE, mask_value=None):
        super().__init__(width, heads)
        self.use_rope = use_rope
        self.rope_base = rope_base
        self.mask_value = mask_value

    def forward(self, x):
        length = x.shape[1]
        d = x.shape[2] // self.heads
        q, k, v = self.split(self.wq(x)), self.split(self.wk(x)), self.split(self.wv(x))
        if self.use_rope:
            pos = torch.arange(length, device=x.device)
            q, k = rope(q, pos, self.rope_base), rope(k, pos, self.rope_base)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d)
        if self.mask_value is None:
            mask = torch.ones(length, length, dtype=torch.bool, device=x.device).tril()
            scores = scores.masked_fill(~mask, float("-inf"))
        else:
            above = torch.ones(length, length, dtype=x.dtype, device=x.device).triu(1)
            scores = scores + above * float(self.mask_value)
        out = torch.softmax(scores, dim=-1) @ v
        return self.wo(self.merge(out))


class Block(nn.Module):
    """Pre-norm residual block: h = x + mixer(norm1(x)); y = h + mlp(norm2(h)) (mlp optional)."""

    def __init__(self, width, norm, mixer, mlp_hidden, mixer_norm_name="attn_norm", mixer_name="attn", norm_eps=NORM_EPS):
        super().__init__()
        self._mixer_norm_name = mixer_norm_name
        self._mixer_name = mixer_name
        setattr(self, mixer_norm_name, make_norm(norm, width, norm_eps))
        setattr(self, mixer_name, mixer)
        if mlp_hidden:
            self.mlp_norm = make_norm(norm, width, norm_eps)
            self.mlp = SwiGLU(width, mlp_hidden)
        else:
            self.mlp = None

    def forward(self, x):
        h = x + getattr(self, self._mixer_name)(getattr(self, self._mixer_norm_name)(x))
        if self.mlp is not None:
            h = h + self.mlp(self.mlp_norm(h))
        return h
