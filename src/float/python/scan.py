"""The recurrences of the recurrent twins, twice: a sequential loop over time (the reference,
the formulas of docs/float.md step by step) and a chunked parallel form (the default).

The chunked forms split the sequence into chunks of T positions, compute each chunk at once
from the state left by the previous one, and carry that state on. Memory stays bounded: the
largest tensor is one chunk's, never [B, L, E, N]. While training, each Mamba chunk is
recomputed in the backward pass (torch.utils.checkpoint) instead of keeping every chunk's
intermediate tensors, so training memory grows with L only through [B, L, E]-sized inputs.

How each chunk is computed (t, s positions inside the chunk, s <= t):
- mamba, on CUDA: with S_t = A * sum_{s<=t} dt_s (the log of the decay since the chunk's
  start), h_t = exp(S_t) * (h_0 + sum_{s<=t} exp(-S_s) dt_s B_s x_s). Where a chunk's |S| would
  exceed MAMBA_EXP_LIMIT (exp(-S) overflowing, or S's rounding showing), that chunk runs step by
  step. On CPU: the chunk's decays and inputs at once, then one fused multiply-add per position
  (measured faster there; bench/float.ts).
- diagonal-rnn: h = Toeplitz(lambda^(t-s)) @ u + lambda^(t+1) * h_0, per channel.
- linear-attention: numerator and denominator from the chunk's masked phi(q) phi(k)^T plus
  phi(q) S_0 and phi(q) z_0 (S, z the running sums).
- retnet: the chunk's (q k^T / sqrt(d)) * gamma^(t-s) plus gamma^(t+1) q S_0, with
  S <- gamma^T S_0 + sum_s gamma^(T-1-s) k_s v_s^T / sqrt(d).
With one chunk covering the whole sequence, the linear-attention and retnet forms are exactly
the quadratic masked forms the twins used before.
"""
import math

import torch
from torch.utils.checkpoint import checkpoint

SCAN_MODES = ("chunked", "sequential")
MAMBA_CHUNK = 16
MATMUL_CHUNK = 64


def check_mode(mode):
    if mode not in SCAN_MODES:
        raise ValueError(f"unknown scan mode '{mode}' (use {' or '.join(SCAN_MODES)})")


def set_scan_mode(model, mode):
    """Switches every recurrent mixer in `model` to the chunked or the sequential scan."""
    check_mode(mode)
    for module in model.modules():
        if hasattr(module, "scan_mode"):
            module.scan_mode = mode


# ---------------------------------------------------------------------------------------- mamba


def mamba_scan(x, dt, a, bmat, cmat, mode="chunked", chunk=MAMBA_CHUNK, within=None):
    """y_t = sum_n h_t[., n] C_t[n] with h_t = exp(dt_t A) h_{t-1} + (dt_t B_t) x_t, h_{-1} = 0.

    x, dt: [B, L, E]; a (= A = -exp(A_log)): [E, N]; bmat, cmat: [B, L, N]. Returns [B, L, E]
    (the D * x skip term is the caller's). `within` says how a chunk is combined: "parallel"
    (the exp/cumsum form, few large kernels: the default on CUDA) or "steps" (the chunk's
    decays and inputs at once, then one fused multiply-add per position: the default on CPU,
    where the parallel form's extra arithmetic costs more than the kernel launches it saves).
    """
    check_mode(mode)
    b, length, e = x.shape
    h = torch.zeros(b, e, a.shape[1], dtype=x.dtype, device=x.device)
    if mode == "sequential":
        return _mamba_steps(h, x, dt, a, bmat, cmat)[0]
    within = within or ("parallel" if x.is_cuda else "steps")
    if within not in ("parallel", "steps"):
        raise ValueError(f"unknown chunk combine '{within}'")
    if within == "steps":
        return _mamba_chunks(h, x, dt, a, bmat, cmat, chunk, None)
    limit = MAMBA_EXP_LIMIT[x.dtype] if x.dtype in MAMBA_EXP_LIMIT else 0.0
    dts = dt.split(chunk, 1)
    # the largest |S| a chunk reaches, for every chunk at once (one host sync per call)
    with torch.no_grad():
        worst = torch.stack([c.sum(1).amax(0) for c in dts]) * (-a).amax(1)  # [chunks, E]
        fast = (worst.amax(1) <= limit).tolist()
    return _mamba_chunks(h, x, dt, a, bmat, cmat, chunk, fast)


def _mamba_chunks(h, x, dt, a, bmat, cmat, chunk, fast):
    """Runs the chunks in order, carrying h; fast[c] picks the parallel form for chunk c (None:
    the stepped form everywhere). While training each chunk is recomputed in the backward pass."""
    train = torch.is_grad_enabled() and any(t.requires_grad for t in (x, dt, a, bmat, cmat))
    parts = (x.split(chunk, 1), dt.split(chunk, 1), bmat.split(chunk, 1), cmat.split(chunk, 1))
    ys = []
    for c, (xc, dtc, bc, cc) in enumerate(zip(*parts)):
        step = _mamba_chunk_stepped if fast is None else (_mamba_chunk if fast[c] else _mamba_steps)
        if train:
            y, h = checkpoint(step, h, xc, dtc, a, bc, cc, use_reentrant=False)
        else:
            y, h = step(h, xc, dtc, a, bc, cc)
        ys.append(y)
    return torch.cat(ys, dim=1)


# Largest |S| (summed log-decay) a chunk may reach and still use the exp(S) * cumsum(exp(-S) .)
# form: exp(-S) must stay finite, and the rounding of S (about eps * |S|) stays below the
# agreement the tests hold (float64: 1e-10 elementwise; float32: 1e-5 relative). A chunk
# beyond it is run step by step.
MAMBA_EXP_LIMIT = {torch.float64: 500.0, torch.float32: 30.0}


def _mamba_chunk(h0, x, dt, a, bmat, cmat):
    """One chunk at once: S_t = A * sum_{s<=t} dt_s (the log of the decay since the chunk's
    start), h_t = exp(S_t) * (h_0 + sum_{s<=t} exp(-S_s) dt_s B_s x_s)."""
    s = torch.cumsum(dt, 1).unsqueeze(-1) * a  # [B, T, E, N]
    es = torch.exp(s)
    inputs = (dt * x).unsqueeze(-1) * bmat.unsqueeze(2)  # dt_t B_t x_t: [B, T, E, N]
    h = es * (h0.unsqueeze(1) + torch.cumsum(inputs / es, 1))
    y = (h @ cmat.unsqueeze(-1)).squeeze(-1)  # sum_n h_t[., n] C_t[n]
    return y, h[:, -1]


def _mamba_chunk_stepped(h, x, dt, a, bmat, cmat):
    """One chunk: its decays exp(dt_t A) and inputs dt_t B_t x_t at once, then h_t =
    decay_t * h_{t-1} + input_t position by position."""
    decay = torch.exp(dt.unsqueeze(-1) * a)  # [B, T, E, N]
    inputs = (dt.unsqueeze(-1) * bmat.unsqueeze(2)) * x.unsqueeze(-1)
    hs = []
    for decay_t, input_t in zip(decay.unbind(1), inputs.unbind(1)):
        h = torch.addcmul(input_t, decay_t, h)
        hs.append(h)
    return (torch.stack(hs, 1) * cmat.unsqueeze(2)).sum(-1), h


def _mamba_steps(h, x, dt, a, bmat, cmat):
    """The reference: one step per position, exactly the recurrence."""
    ys = []
    for x_t, dt_t, b_t, c_t in zip(x.unbind(1), dt.unbind(1), bmat.unbind(1), cmat.unbind(1)):
        dt_t = dt_t.unsqueeze(-1)  # [B, E, 1]
        h = torch.exp(dt_t * a) * h + (dt_t * b_t.unsqueeze(1)) * x_t.unsqueeze(-1)
        ys.append((h * c_t.unsqueeze(1)).sum(-1))
    return torch.stack(ys, dim=1), h


# ---------------------------------------------------------------------------------- diagonal RNN


def diagonal_scan(u, lam, mode="chunked", chunk=MATMUL_CHUNK):
    """h_t = lam * h_{t-1} + u_t, h_{-1} = 0. u: [B, L, N], lam: [N] in (0, 1). Returns [B, L, N]."""
    check_mode(mode)
    b, length, n = u.shape
    if mode == "sequential":
        h = torch.zeros(b, n, dtype=u.dtype, device=u.device)
        hs = []
        for u_t in u.unbind(1):
            h = lam * h + u_t
            hs.append(h)
        return torch.stack(hs, dim=1)
    t = min(chunk, length)
    idx = torch.arange(t, device=u.device, dtype=u.dtype)
    lags = idx.view(-1, 1) - idx.view(1, -1)  # [T, T], i - j
    log_lam = torch.log(lam)
    causal = lags >= 0
    # lam^(i-j) below the diagonal, 0 above (exp of a clamped exponent, so no overflow there)
    toeplitz = torch.where(causal, torch.exp(lags.clamp(min=0).unsqueeze(0) * log_lam.view(-1, 1, 1)), torch.zeros((), dtype=u.dtype, device=u.device))
    carry_pow = torch.exp((idx + 1).view(-1, 1) * log_lam)  # [T, N]: lam^(i+1)
    h = None
    hs = []
    for uc in u.split(t, 1):
        tc = uc.shape[1]
        hc = torch.einsum("nij,bjn->bin", toeplitz[:, :tc, :tc], uc)
        if h is not None:
            hc = hc + carry_pow[:tc] * h.unsqueeze(1)
        h = hc[:, -1]
        hs.append(hc)
    return torch.cat(hs, dim=1)


# ------------------------------------------------------------------------------ linear attention


def linear_attention_scan(q, k, v, eps, mode="chunked", chunk=MATMUL_CHUNK):
    """o_t = phi(q_t)^T S_t / (phi(q_t) . z_t + eps), S_t = sum_{s<=t} phi(k_s) v_s^T,
    z_t = sum_{s<=t} phi(k_s). q, k (already through phi), v: [B, H, L, d]."""
    check_mode(mode)
    b, heads, length, d = q.shape
    if mode == "sequential":
        s = torch.zeros(b, heads, d, v.shape[-1], dtype=q.dtype, device=q.device)
        z = torch.zeros(b, heads, d, dtype=q.dtype, device=q.device)
        outs = []
        for q_t, k_t, v_t in zip(q.unbind(2), k.unbind(2), v.unbind(2)):
            s = s + k_t.unsqueeze(-1) * v_t.unsqueeze(-2)
            z = z + k_t
            num = (q_t.unsqueeze(-2) @ s).squeeze(-2)
            outs.append(num / ((q_t * z).sum(-1, keepdim=True) + eps))
        return torch.stack(outs, dim=2)
    s = z = None
    outs = []
    for qc, kc, vc in zip(q.split(chunk, 2), k.split(chunk, 2), v.split(chunk, 2)):
        a = (qc @ kc.transpose(-1, -2)).tril()  # [B, H, T, T]
        num = a @ vc
        den = a.sum(-1, keepdim=True)
        if s is not None:
            num = num + qc @ s
            den = den + qc @ z.unsqueeze(-1)
            s = s + kc.transpose(-1, -2) @ vc
            z = z + kc.sum(2)
        else:
            s = kc.transpose(-1, -2) @ vc
            z = kc.sum(2)
        outs.append(num / (den + eps))
    return torch.cat(outs, dim=2)


# ---------------------------------------------------------------------------------------- retnet


def retention_gammas(heads, device):
    """gamma_h = 1 - 2^(-5-h), h counted from 0, in float64."""
    return 1 - torch.pow(2.0, -5.0 - torch.arange(heads, dtype=torch.float64, device=device))


def retention_scan(q, k, v, mode="chunked", chunk=MATMUL_CHUNK):
    """o_t = sum_{s<=t} gamma_h^(t-s) (q_t . k_s / sqrt(d)) v_s per head. q, k, v: [B, H, L, d]."""
    check_mode(mode)
    b, heads, length, d = q.shape
    gamma = retention_gammas(heads, q.device)
    scale = math.sqrt(d)
    if mode == "sequential":
        g = gamma.to(q.dtype).view(1, -1, 1, 1)
        s = torch.zeros(b, heads, d, v.shape[-1], dtype=q.dtype, device=q.device)
        outs = []
        for q_t, k_t, v_t in zip(q.unbind(2), k.unbind(2), v.unbind(2)):
            s = g * s + k_t.unsqueeze(-1) * v_t.unsqueeze(-2) / scale
            outs.append((q_t.unsqueeze(-2) @ s).squeeze(-2))
        return torch.stack(outs, dim=2)
    t = min(chunk, length)
    idx = torch.arange(t, device=q.device, dtype=torch.float64)
    lags = idx.view(-1, 1) - idx.view(1, -1)
    g = gamma.view(-1, 1, 1)
    decay = torch.where(lags >= 0, g ** lags.clamp(min=0), torch.zeros((), dtype=torch.float64, device=q.device))
    into = (g ** (idx + 1).view(1, -1, 1))  # [H, T, 1]: gamma^(i+1), the carried state's weight
    s = None
    outs = []
    for qc, kc, vc in zip(q.split(t, 2), k.split(t, 2), v.split(t, 2)):
        tc = qc.shape[2]
        o = ((qc @ kc.transpose(-1, -2)) / scale * decay[:, :tc, :tc].to(q.dtype)) @ vc
        out_of = g ** (tc - 1 - idx[:tc]).view(1, -1, 1)  # [H, T, 1]: gamma^(T-1-j)
        contrib = (kc * out_of.to(q.dtype)).transpose(-1, -2) @ vc / scale
        if s is not None:
            o = o + (qc * into[:, :tc].to(q.dtype)) @ s
            s = (g ** tc).to(q.dtype) * s + contrib
        else:
            s = contrib
        outs.append(o)
    return torch.cat(outs, dim=2)
