"""Checkpoints with the exact state_dict names and shapes of mamba_ssm's MambaLMHeadModel, Hugging
Face's LlamaForCausalLM and rnn-icrag's HybridMambaLMHeadModel (random weights, no network), and
reference forward passes written from those libraries' formulas at float64 (run by
test/float/import.test.ts).

  make DIR     writes DIR/<case>/... checkpoints and DIR/reference.json (all-position logits)
  check DIR    loads DIR/<case>/imported/weights.safetensors into the twin at float64 and prints
               the largest relative logit difference per case, and the argmax agreement
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "src", "float", "python"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from safetensors_io import write_safetensors  # noqa: E402

torch.set_num_threads(1)
D = torch.float64


def rnd(*shape, scale=0.3):
    return (torch.randn(*shape, dtype=D) * scale).float()


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


# ------------------------------------------------------------------- mamba_ssm (Mamba v1, Block)


def mamba_mixer_state(prefix, d_model, d_state=16, d_conv=4, expand=2):
    d_inner = expand * d_model
    dt_rank = math.ceil(d_model / 16)
    return {
        f"{prefix}in_proj.weight": rnd(2 * d_inner, d_model),
        f"{prefix}conv1d.weight": rnd(d_inner, 1, d_conv),
        f"{prefix}conv1d.bias": rnd(d_inner, scale=0.1),
        f"{prefix}x_proj.weight": rnd(dt_rank + 2 * d_state, d_inner),
        f"{prefix}dt_proj.weight": rnd(d_inner, dt_rank),
        f"{prefix}dt_proj.bias": (torch.rand(d_inner, dtype=D) * 2 - 4).float(),
        f"{prefix}A_log": (torch.log(torch.arange(1, d_state + 1, dtype=D).repeat(d_inner, 1)) + rnd(d_inner, d_state, scale=0.1)).float(),
        f"{prefix}D": (1 + rnd(d_inner, scale=0.2)).float(),
        f"{prefix}out_proj.weight": rnd(d_model, d_inner),
    }


def mamba_mixer_ref(sd, prefix, u):
    """mamba_simple.Mamba.forward without the fused kernels (selective_scan_ref's recurrence)."""
    w = lambda n: sd[prefix + n].to(D)  # noqa: E731
    b, length, _ = u.shape
    xz = (w("in_proj.weight") @ u.reshape(-1, u.shape[-1]).t()).reshape(-1, b, length).permute(1, 0, 2)  # b d l
    x, z = xz.chunk(2, dim=1)
    d_conv = sd[prefix + "conv1d.weight"].shape[-1]
    x = F.silu(F.conv1d(x, w("conv1d.weight"), w("conv1d.bias"), padding=d_conv - 1, groups=x.shape[1])[..., :length])
    d_state = sd[prefix + "A_log"].shape[1]
    dt_rank = sd[prefix + "dt_proj.weight"].shape[1]
    x_dbl = x.permute(0, 2, 1).reshape(b * length, -1) @ w("x_proj.weight").t()
    dt, bm, cm = torch.split(x_dbl, [dt_rank, d_state, d_state], dim=-1)
    dt = (w("dt_proj.weight") @ dt.t()).reshape(-1, b, length).permute(1, 0, 2)  # b d l
    bm = bm.reshape(b, length, d_state).permute(0, 2, 1)  # b n l
    cm = cm.reshape(b, length, d_state).permute(0, 2, 1)
    a = -torch.exp(w("A_log"))
    delta = F.softplus(dt + w("dt_proj.bias")[None, :, None])
    delta_a = torch.exp(torch.einsum("bdl,dn->bdln", delta, a))
    delta_b_u = torch.einsum("bdl,bnl,bdl->bdln", delta, bm, x)
    state = torch.zeros(b, x.shape[1], d_state, dtype=D)
    ys = []
    for i in range(length):
        state = delta_a[:, :, i] * state + delta_b_u[:, :, i]
        ys.append(torch.einsum("bdn,bn->bd", state, cm[:, :, i]))
    y = torch.stack(ys, dim=2) + x * w("D")[None, :, None]
    y = y * F.silu(z)
    return (y.permute(0, 2, 1)) @ w("out_proj.weight").t()


def mamba_backbone_ref(sd, tokens, n_layer, eps=1e-5):
    """MixerModel: Block = residual add -> norm -> mixer; then the last add and norm_f."""
    hidden = sd["backbone.embedding.weight"].to(D)[tokens]
    residual = None
    for i in range(n_layer):
        residual = hidden + residual if residual is not None else hidden
        normed = rms_norm(residual, sd[f"backbone.layers.{i}.norm.weight"].to(D), eps)
        hidden = mamba_mixer_ref(sd, f"backbone.layers.{i}.mixer.", normed)
    residual = hidden + residual
    return rms_norm(residual, sd["backbone.norm_f.weight"].to(D), eps)


def mamba_ssm_case(root):
    d_model, n_layer, vocab = 16, 2, 13
    rows = vocab + (8 - vocab % 8) % 8  # pad_vocab_size_multiple 8
    sd = {"backbone.embedding.weight": rnd(rows, d_model, scale=1.0)}
    for i in range(n_layer):
        sd[f"backbone.layers.{i}.norm.weight"] = (1 + rnd(d_model, scale=0.2)).float()
        sd.update(mamba_mixer_state(f"backbone.layers.{i}.mixer.", d_model))
    sd["backbone.norm_f.weight"] = (1 + rnd(d_model, scale=0.2)).float()
    sd["lm_head.weight"] = sd["backbone.embedding.weight"]  # tie_embeddings: the same tensor
    os.makedirs(root, exist_ok=True)
    torch.save(sd, os.path.join(root, "pytorch_model.bin"))
    with open(os.path.join(root, "config.json"), "w") as f:
        json.dump({"d_model": d_model, "d_intermediate": 0, "n_layer": n_layer, "vocab_size": vocab, "ssm_cfg": {}, "rms_norm": True, "residual_in_fp32": True, "fused_add_norm": True, "pad_vocab_size_multiple": 8, "tie_embeddings": True}, f)
    tokens = torch.randint(0, vocab, (3, 11))
    logits = mamba_backbone_ref(sd, tokens, n_layer) @ sd["lm_head.weight"].to(D).t()
    return tokens, logits


# ---------------------------------------------------------------------- Hugging Face LlamaForCausalLM


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2 :]
    return torch.cat((-x2, x1), dim=-1)


def llama_layer_state(prefix, hidden, heads, kv_heads, inter):
    hd = hidden // heads
    return {
        f"{prefix}input_layernorm.weight": (1 + rnd(hidden, scale=0.2)).float(),
        f"{prefix}self_attn.q_proj.weight": rnd(heads * hd, hidden, scale=0.5),
        f"{prefix}self_attn.k_proj.weight": rnd(kv_heads * hd, hidden, scale=0.5),
        f"{prefix}self_attn.v_proj.weight": rnd(kv_heads * hd, hidden, scale=0.5),
        f"{prefix}self_attn.o_proj.weight": rnd(hidden, hidden),
        f"{prefix}post_attention_layernorm.weight": (1 + rnd(hidden, scale=0.2)).float(),
        f"{prefix}mlp.gate_proj.weight": rnd(inter, hidden),
        f"{prefix}mlp.up_proj.weight": rnd(inter, hidden),
        f"{prefix}mlp.down_proj.weight": rnd(hidden, inter),
    }


def llama_decoder_layer_ref(sd, prefix, x, heads, kv_heads, eps, theta, additive_mask=None):
    """LlamaDecoderLayer (eager attention): rotate-half RoPE, repeat_kv, mask, softmax, SwiGLU."""
    w = lambda n: sd[prefix + n].to(D)  # noqa: E731
    b, length, hidden = x.shape
    hd = hidden // heads
    h = rms_norm(x, w("input_layernorm.weight"), eps)
    q = (h @ w("self_attn.q_proj.weight").t()).view(b, length, heads, hd).transpose(1, 2)
    k = (h @ w("self_attn.k_proj.weight").t()).view(b, length, kv_heads, hd).transpose(1, 2)
    v = (h @ w("self_attn.v_proj.weight").t()).view(b, length, kv_heads, hd).transpose(1, 2)
    inv_freq = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=D) / hd))
    freqs = torch.outer(torch.arange(length, dtype=D), inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
    groups = heads // kv_heads
    k = k[:, :, None].expand(b, kv_heads, groups, length, hd).reshape(b, heads, length, hd)
    v = v[:, :, None].expand(b, kv_heads, groups, length, hd).reshape(b, heads, length, hd)
    scores = q @ k.transpose(2, 3) / math.sqrt(hd)
    if additive_mask is None:
        scores = scores.masked_fill(torch.ones(length, length, dtype=torch.bool).triu(1), float("-inf"))
    else:
        scores = scores + additive_mask
    out = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, length, hidden)
    x = x + out @ w("self_attn.o_proj.weight").t()
    h = rms_norm(x, w("post_attention_layernorm.weight"), eps)
    mlp = (F.silu(h @ w("mlp.gate_proj.weight").t()) * (h @ w("mlp.up_proj.weight").t())) @ w("mlp.down_proj.weight").t()
    return x + mlp


def hf_llama_case(root, heads, kv_heads, theta, eps, as_safetensors, with_inv_freq):
    hidden, n_layer, vocab, inter = 16, 2, 11, 24
    sd = {"model.embed_tokens.weight": rnd(vocab, hidden, scale=1.0)}
    for i in range(n_layer):
        sd.update(llama_layer_state(f"model.layers.{i}.", hidden, heads, kv_heads, inter))
        if with_inv_freq:  # older transformers kept the rotary table in the state_dict
            sd[f"model.layers.{i}.self_attn.rotary_emb.inv_freq"] = (1.0 / (theta ** (torch.arange(0, hidden // heads, 2).float() / (hidden // heads))))
    sd["model.norm.weight"] = (1 + rnd(hidden, scale=0.2)).float()
    sd["lm_head.weight"] = rnd(vocab, hidden)
    os.makedirs(root, exist_ok=True)
    if as_safetensors:
        write_safetensors(os.path.join(root, "model.safetensors"), sd, {"format": "pt"})
    else:
        torch.save(sd, os.path.join(root, "pytorch_model.bin"))
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": hidden, "intermediate_size": inter,
        "num_hidden_layers": n_layer, "num_attention_heads": heads, "num_key_value_heads": kv_heads, "rms_norm_eps": eps,
        "rope_theta": theta, "rope_scaling": None, "vocab_size": vocab, "hidden_act": "silu", "tie_word_embeddings": False,
        "max_position_embeddings": 64, "attention_bias": False,
    }
    with open(os.path.join(root, "config.json"), "w") as f:
        json.dump(config, f)
    tokens = torch.randint(0, vocab, (3, 12))
    x = sd["model.embed_tokens.weight"].to(D)[tokens]
    for i in range(n_layer):
        x = llama_decoder_layer_ref(sd, f"model.layers.{i}.", x, heads, kv_heads, eps, theta)
    logits = rms_norm(x, sd["model.norm.weight"].to(D), eps) @ sd["lm_head.weight"].to(D).t()
    return tokens, logits


# ------------------------------------------------------------------------ rnn-icrag's hybrid


def icrag_sinusoidal(rows, width):
    """rnn-icrag's embed_matrix loops (numpy float64), stored into a float32 tensor."""
    m = torch.zeros(rows, width)
    for i in range(rows):
        for j in range(width):
            m[i][j] = math.sin(i / (10000 ** (j / width))) if j % 2 == 0 else math.cos(i / (10000 ** ((j - 1) / width)))
    return m


def rnn_icrag_case(root):
    hidden, n_layer, n_vocab, heads, inter = 16, 2, 25, 4, 32  # configs/*_hybrid.json: intermediate 2 * hidden
    rows = n_vocab + (8 - n_vocab % 8) % 8
    emb = icrag_sinusoidal(rows, hidden)
    sd = {"backbone.embedding.weight": emb}
    for i in range(n_layer):
        sd[f"backbone.layers.{i}.norm.weight"] = (1 + rnd(hidden, scale=0.2)).float()
        sd.update(mamba_mixer_state(f"backbone.layers.{i}.mixer.", hidden))
    sd["backbone.norm_f.weight"] = (1 + rnd(hidden, scale=0.2)).float()
    sd.update(llama_layer_state("backbone.attention.", hidden, heads, heads, inter))
    sd["lm_head.weight"] = emb  # tied, frozen, no bias
    os.makedirs(root, exist_ok=True)
    torch.save(sd, os.path.join(root, "model_best.pt"))
    with open(os.path.join(root, "2m_hybrid.json"), "w") as f:  # the layout of rnn-icrag's configs/*_hybrid.json
        json.dump({"hidden_size": hidden, "state_size": 16, "intermediate_size": inter, "num_hidden_layers": n_layer, "num_attention_heads": heads, "max_position_embeddings": 8192}, f)
    tokens = torch.randint(0, n_vocab, (3, 12))
    x = mamba_backbone_ref(sd, tokens, n_layer)
    length = tokens.shape[1]
    mask = (torch.triu(torch.ones(length, length, dtype=D), diagonal=1) * -100)[None, None]
    x = llama_decoder_layer_ref(sd, "backbone.attention.", x, heads, heads, 1e-5, 10000.0, additive_mask=mask)
    return tokens, x @ sd["lm_head.weight"].to(D).t()


CASES = {
    "mamba-ssm": ("mamba-ssm", lambda r: mamba_ssm_case(r)),
    "hf-llama": ("hf-llama", lambda r: hf_llama_case(r, heads=4, kv_heads=4, theta=10000.0, eps=1e-6, as_safetensors=True, with_inv_freq=False)),
    "hf-llama-gqa": ("hf-llama", lambda r: hf_llama_case(r, heads=4, kv_heads=2, theta=500000.0, eps=1e-5, as_safetensors=False, with_inv_freq=True)),
    "rnn-icrag-hybrid": ("rnn-icrag-hybrid", lambda r: rnn_icrag_case(r)),
}


def make(root):
    torch.manual_seed(7)
    ref = {}
    for name, (kind, build) in CASES.items():
        tokens, logits = build(os.path.join(root, name))
        ref[name] = {"from": kind, "tokens": tokens.tolist(), "logits": logits.tolist()}
    with open(os.path.join(root, "reference.json"), "w") as f:
        json.dump(ref, f)
    print(json.dumps({name: v["from"] for name, v in ref.items()}))


def check(root):
    from weights_io import load_twin

    with open(os.path.join(root, "reference.json")) as f:
        ref = json.load(f)
    out = {}
    for name, case in ref.items():
        model = load_twin(os.path.join(root, name, "imported", "weights.safetensors"), None, torch.float64)
        model.eval()
        with torch.no_grad():
            got = model(torch.tensor(case["tokens"]))
        want = torch.tensor(case["logits"], dtype=D)
        rel = ((got - want).abs() / want.abs().clamp(min=1e-300)).max().item()
        scale = ((got - want).abs().max() / want.abs().max()).item()
        out[name] = {
            "maxRelative": rel,
            "maxAbsOverScale": scale,
            "argmaxAgree": bool(torch.equal(got.argmax(-1), want.argmax(-1))),
            "positions": int(want.shape[0] * want.shape[1]),
        }
    # controls: the same files without the conversions they need must disagree
    def disagreement(name, edit):
        model = load_twin(os.path.join(root, name, "imported", "weights.safetensors"), None, torch.float64)
        edit(model)
        with torch.no_grad():
            got = model(torch.tensor(ref[name]["tokens"]))
        want = torch.tensor(ref[name]["logits"], dtype=D)
        return ((got - want).abs().max() / want.abs().max()).item()

    def unpermute(model):  # back to Hugging Face's row order, i.e. no rotate-half conversion
        heads = model.config["heads"]
        with torch.no_grad():
            for layer in model.layers:
                for w in (layer.attn.wq.weight, layer.attn.wk.weight):
                    rows, cols = w.shape
                    hd = rows // heads
                    perm = [i // 2 if i % 2 == 0 else hd // 2 + i // 2 for i in range(hd)]
                    inverse = [perm.index(j) for j in range(hd)]
                    w.copy_(w.reshape(heads, hd, cols)[:, inverse, :].reshape(rows, cols))

    def norm_after(model):
        model.final_norm_first = False

    out["controls"] = {"hf-llama without the q/k permutation": disagreement("hf-llama", unpermute), "rnn-icrag-hybrid with norm_f after attention": disagreement("rnn-icrag-hybrid", norm_after)}
    print(json.dumps(out))


def broken(root):
    """Checkpoints the importer must refuse, each with one line."""
    torch.manual_seed(3)
    os.makedirs(root, exist_ok=True)
    mamba_ssm_case(os.path.join(root, "missing"))
    sd = torch.load(os.path.join(root, "missing", "pytorch_model.bin"))
    del sd["backbone.layers.1.mixer.D"]
    torch.save(sd, os.path.join(root, "missing", "pytorch_model.bin"))
    hf_llama_case(os.path.join(root, "unknown"), heads=4, kv_heads=4, theta=10000.0, eps=1e-6, as_safetensors=False, with_inv_freq=False)
    sd = torch.load(os.path.join(root, "unknown", "pytorch_model.bin"))
    sd["model.layers.0.self_attn.q_proj.bias"] = torch.zeros(16)
    sd["model.layers.1.self_attn.q_norm.weight"] = torch.ones(4)
    torch.save(sd, os.path.join(root, "unknown", "pytorch_model.bin"))
    torch.save({"step": 3, "note": "not tensors"}, os.path.join(root, "not-a-state-dict.pt"))
    print(json.dumps(sorted(os.listdir(root))))


if __name__ == "__main__":
    {"make": make, "check": check, "broken": broken}[sys.argv[1]](sys.argv[2])
