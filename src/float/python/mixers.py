"""The recurrent sequence mixers of the non-RNN twins: mamba, linear attention, diagonal
linear RNN, retnet. Each maps [B, L, width] -> [B, L, width] causally; the exact formulas
(and the recurrent state each one carries) are in docs/float.md. Each has `scan_mode`:
"chunked" (default, parallel within chunks) or "sequential" (the reference loop); scan.py.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from heads import HeadProjections
from scan import diagonal_scan, linear_attention_scan, mamba_scan, retention_scan


class MambaMixer(nn.Module):
    """Mamba (S6) selective scan, pure PyTorch."""

    def __init__(self, width, d_state, d_conv, expand, dt_rank):
        super().__init__()
        self.scan_mode = "chunked"
        d_inner = expand * width
        self.d_inner, self.d_state, self.d_conv, self.dt_rank = d_inner, d_state, d_conv, dt_rank
        self.in_proj = nn.Linear(width, 2 * d_inner, bias=False)
        self.conv1d = nn.Conv1d(d_inner, d_inner, d_conv, groups=d_inner, padding=d_conv - 1, bias=True)
        self.x_proj = nn.Linear(d_inner, dt_rank + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(dt_rank, d_inner, bias=True)
        # dt initialised log-uniform in [1e-3, 1e-1] through the inverse softplus, as in Mamba
        with torch.no_grad():
            dt = torch.exp(torch.rand(d_inner) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))
            self.dt_proj.bias.copy_(dt + torch.log(-torch.expm1(-dt)))
        a = torch.arange(1, d_state + 1, dtype=torch.float32).repeat(d_inner, 1)
        self.A_log = nn.Parameter(torch.log(a))
        self.D = nn.Parameter(torch.ones(d_inner))
        self.out_proj = nn.Linear(d_inner, width, bias=False)

    def forward(self, u):
        b, length, _ = u.shape
        x, z = self.in_proj(u).chunk(2, dim=-1)
        x = self.conv1d(x.transpose(1, 2))[..., :length].transpose(1, 2)
        x = F.silu(x)
        dt, bmat, cmat = torch.split(self.x_proj(x), [self.dt_rank, self.d_state, self.d_state], dim=-1)
        dt = F.softplus(self.dt_proj(dt))  # [B, L, d_inner]
        a = -torch.exp(self.A_log)  # [d_inner, d_state]
        y = mamba_scan(x, dt, a, bmat, cmat, self.scan_mode) + self.D * x
        return self.out_proj(y * F.silu(z))


class LinearAttentionMixer(HeadProjections):
    """Causal linear attention with feature map phi(x) = elu(x) + 1 (Katharopoulos et al.)."""

    EPS = 1e-6

    def __init__(self, width, heads):
        super().__init__(width, heads)
        self.scan_mode = "chunked"

    def forward(self, x):
        q = F.elu(self.split(self.wq(x))) + 1
        k = F.elu(self.split(self.wk(x))) + 1
        v = self.split(self.wv(x))
        out = linear_attention_scan(q, k, v, self.EPS, self.scan_mode)
        return self.wo(self.merge(out))


class DiagonalRNNMixer(nn.Module):
    """Real diagonal linear recurrence: h_t = sigmoid(decay_logit) * h_{t-1} + in_proj x_t,
    y_t = out_proj h_t + D * x_t."""

    def __init__(self, width, d_state):
        super().__init__()
        self.in_proj = nn.Linear(width, d_state, bias=False)
        # decays spread over (0.5, 0.999) so some channels remember long
        with torch.no_grad():
            lam = torch.linspace(0.5, 0.999, d_state)
        self.decay_logit = nn.Parameter(torch.log(lam / (1 - lam)))
        self.out_proj = nn.Linear(d_state, width, bias=False)
        self.D = nn.Parameter(torch.ones(width))
        self.scan_mode = "chunked"

    def forward(self, x):
        lam = torch.sigmoid(self.decay_logit)
        return self.out_proj(diagonal_scan(self.in_proj(x), lam, self.scan_mode)) + self.D * x


class RetentionMixer(HeadProjections):
    """RetNet multi-scale retention (no xPos rotation): head h decays with
    gamma_h = 1 - 2^(-5-h); o_t = sum_{s<=t} gamma^(t-s) (q_t . k_s / sqrt(d)) v_s;
    then a per-head group norm (no affine) and a swish gate: wo(silu(wg x) * norm(o))."""

    def __init__(self, width, heads):
        super().__init__(width, heads)
        self.wg = nn.Linear(width, width, bias=False)
        self.scan_mode = "chunked"

    def forward(self, x):
        q, k, v = self.split(self.wq(x)), self.split(self.wk(x)), self.split(self.wv(x))
        o = retention_scan(q, k, v, self.scan_mode)  # [B, H, L, d]
        mu = o.mean(-1, keepdim=True)
        var = (o - mu).pow(2).mean(-1, keepdim=True)
        o = (o - mu) * torch.rsqrt(var + 1e-5)
        return self.wo(F.silu(self.wg(x)) * self.merge(o))
