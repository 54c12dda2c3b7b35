"""The recurrent sequence mixers of the non-RNN twins: mamba, linear attention, diagonal
linear RNN, retnet. Each maps [B, L, width] -> [B, L, width] causally; the exact formulas
(and the recurrent state each one carries) are in docs/float.md.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from heads import HeadProjections


class MambaMixer(nn.Module):
    """Mamba (S6) selective scan, pure PyTorch, sequential over time."""

    def __init__(self, width, d_state, d_conv, expand, dt_rank):
        super().__init__()
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
        h = torch.zeros(b, self.d_inner, self.d_state, dtype=u.dtype, device=u.device)
        ys = []
        for t in range(length):
            dt_t = dt[:, t].unsqueeze(-1)  # [B, d_inner, 1]
            h = torch.exp(dt_t * a) * h + (dt_t * bmat[:, t].unsqueeze(1)) * x[:, t].unsqueeze(-1)
            ys.append((h * cmat[:, t].unsqueeze(1)).sum(-1) + self.D * x[:, t])
        y = torch.stack(ys, dim=1)
        return self.out_proj(y * F.silu(z))


class LinearAttentionMixer(HeadProjections):
    """Causal linear attention with feature map phi(x) = elu(x) + 1 (Katharopoulos et al.)."""

    EPS = 1e-6

    def __init__(self, width, heads):
        super().__init__(width, heads)

    def forward(self, x):
        q = F.elu(self.split(self.wq(x))) + 1
        k = F.elu(self.split(self.wk(x))) + 1
        v = self.split(self.wv(x))
        a = (q @ k.transpose(-1, -2)).tril()  # [B, H, L, L], a[t, s] = phi(q_t).phi(k_s), s <= t
        out = (a @ v) / (a.sum(-1, keepdim=True) + self.EPS)
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

    def forward(self, x):
        lam = torch.sigmoid(self.decay_logit)
        u = self.in_proj(x)
        h = torch.zeros(x.shape[0], u.shape[-1], dtype=x.dtype, device=x.device)
        hs = []
        for t in range(x.shape[1]):
            h = lam * h + u[:, t]
            hs.append(h)
        return self.out_proj(torch.stack(hs, dim=1)) + self.D * x


class RetentionMixer(HeadProjections):
    """RetNet multi-scale retention (no xPos rotation): head h decays with
    gamma_h = 1 - 2^(-5-h); o_t = sum_{s<=t} gamma^(t-s) (q_t . k_s / sqrt(d)) v_s;
    then a per-head group norm (no affine) and a swish gate: wo(silu(wg x) * norm(o))."""

    def __init__(self, width, heads):
        super().__init__(width, heads)
        self.wg = nn.Linear(width, width, bias=False)

    def forward(self, x):
        length = x.shape[1]
        d = x.shape[2] // self.heads
        q, k, v = self.split(self.wq(x)), self.split(self.wk(x)), self.split(self.wv(x))
        gamma = 1 - torch.pow(2.0, -5.0 - torch.arange(self.heads, dtype=torch.float64, device=x.device))
        t = torch.arange(length, device=x.device, dtype=torch.float64)
        diff = t.unsqueeze(1) - t.unsqueeze(0)  # [L, L] = t - s
        decay = torch.where(
            diff >= 0, gamma.view(-1, 1, 1) ** diff.clamp(min=0), torch.zeros((), dtype=torch.float64, device=x.device)
        ).to(x.dtype)  # [H, L, L]
        o = ((q @ k.transpose(-1, -2)) / math.sqrt(d) * decay) @ v  # [B, H, L, d]
        mu = o.mean(-1, keepdim=True)
        var = (o - mu).pow(2).mean(-1, keepdim=True)
        o = (o - mu) * torch.rsqrt(var + 1e-5)
        return self.wo(F.silu(self.wg(x)) * self.merge(o))
