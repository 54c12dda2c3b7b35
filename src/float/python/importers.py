"""`streambound import`: checkpoints of the libraries P1's official code uses, converted to twin
weights (docs/float.md, "Importing checkpoints").

- mamba-ssm: MambaLMHeadModel (backbone.embedding, backbone.layers.{i}.{norm, mixer.*},
  backbone.norm_f, lm_head tied to the embedding, vocabulary padded to a multiple of 8) -> mamba.
- hf-llama: LlamaForCausalLM (model.embed_tokens, model.layers.{i}.{input_layernorm, self_attn.
  {q,k,v,o}_proj, post_attention_layernorm, mlp.{gate,up,down}_proj}, model.norm, lm_head) ->
  transformer. Hugging Face rotates the halves (i, i + d/2) of each head; ours rotates the pairs
  (2i, 2i+1) at the same angle, so q and k rows are permuted within each head (exact: the
  scores are the same sums of the same products). Grouped key/value heads are repeated.
- rnn-icrag-hybrid: rnn-icrag's HybridMambaLMHeadModel (Mamba blocks -> norm_f -> one
  LlamaDecoderLayer under an additive -100 causal mask -> a head tied to the frozen sinusoidal
  embedding, no bias) -> hybrid (base mamba, finalNormBeforeAttention, maskValue -100).

A conversion carries every option over (norm eps, FFN size, RoPE base, the head's missing bias);
names that neither map nor are known to be ignorable, and names the model needs but the
checkpoint lacks, are one error that lists them.
"""
import glob
import json
import os
import re

import torch

from errors import WorkerUserError
from safetensors_io import read_safetensors
from twins import build_twin
from weights_io import save_twin

KINDS = ("mamba-ssm", "hf-llama", "rnn-icrag-hybrid")
# Checkpoint files looked for, in order, when CKPT is a directory
CHECKPOINT_FILES = ("model.safetensors", "pytorch_model.bin", "model_best.pt", "model.pt")
SHARD_INDEXES = ("model.safetensors.index.json", "pytorch_model.bin.index.json")
MAMBA_MIXER = ("in_proj.weight", "conv1d.weight", "conv1d.bias", "x_proj.weight", "dt_proj.weight", "dt_proj.bias", "A_log", "D", "out_proj.weight")
LLAMA_ATTENTION = {"q_proj": "wq", "k_proj": "wk", "v_proj": "wv", "o_proj": "wo"}
LLAMA_MLP = {"gate_proj": "w_gate", "up_proj": "w_up", "down_proj": "w_down"}
# rnn-icrag builds its attention layer from Llama-2-7b-hf's config: rms_norm_eps 1e-5, rope_theta 10000
RNN_ICRAG_LLAMA = {"rms_norm_eps": 1e-5, "rope_theta": 10000.0}
RNN_ICRAG_MASK = -100.0
MAMBA_NORM_EPS = 1e-5  # mamba_ssm's create_block / MixerModel norm_epsilon


def _load_file(path):
    if path.endswith(".safetensors"):
        return read_safetensors(path)[0]
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:  # unpickling refused or a damaged file: the user's file, not our bug
        raise WorkerUserError(f"{path}: cannot load as a torch checkpoint with weights_only=True ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})")
    if not isinstance(obj, dict) or not all(isinstance(k, str) and torch.is_tensor(v) for k, v in obj.items()):
        raise WorkerUserError(f"{path}: not a state_dict (a mapping of tensor names to tensors)")
    return dict(obj)


def load_state_dict(ckpt):
    """The checkpoint's tensors, and the directory its config.json would sit in."""
    if os.path.isdir(ckpt):
        for index in SHARD_INDEXES:
            p = os.path.join(ckpt, index)
            if os.path.exists(p):
                with open(p) as f:
                    shards = sorted(set(json.load(f).get("weight_map", {}).values()))
                tensors = {}
                for shard in shards:
                    tensors.update(_load_file(os.path.join(ckpt, shard)))
                return tensors, ckpt
        for name in CHECKPOINT_FILES:
            p = os.path.join(ckpt, name)
            if os.path.exists(p):
                return _load_file(p), ckpt
        found = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ckpt, "*")))
        raise WorkerUserError(f"{ckpt}: no checkpoint file ({', '.join(CHECKPOINT_FILES)}) in it (found: {', '.join(found) or 'nothing'})")
    if not os.path.exists(ckpt):
        raise WorkerUserError(f"{ckpt}: no such file or directory")
    return _load_file(ckpt), os.path.dirname(os.path.abspath(ckpt))


def _read_config(path):
    try:
        with open(path) as f:
            cfg = json.load(f)
    except OSError as e:
        raise WorkerUserError(f"cannot read the config {path}: {e.strerror}")
    except json.JSONDecodeError:
        raise WorkerUserError(f"{path}: the config is not valid JSON")
    if not isinstance(cfg, dict):
        raise WorkerUserError(f"{path}: the config is not a JSON object")
    return cfg


def _listing(names, limit=8):
    names = sorted(names)
    more = f" … ({len(names) - limit} more)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


class Mapping:
    """Collects (our name <- tensor) while remembering which source names were used."""

    def __init__(self, source, ignorable=()):
        self.source = source
        self.used = set()
        self.out = {}
        self.origin = {}
        self.missing = set()
        self.ignorable = [re.compile(p) for p in ignorable]

    def take(self, name):
        if name not in self.source:
            self.missing.add(name)
            return None
        self.used.add(name)
        return self.source[name]

    def put(self, ours, theirs, transform=None):
        t = self.take(theirs)
        if t is not None:
            self.out[ours] = transform(t) if transform else t
            self.origin[ours] = theirs

    def check(self, kind):
        unknown = {n for n in set(self.source) - self.used if not any(p.fullmatch(n) for p in self.ignorable)}
        parts = []
        if self.missing:
            parts.append(f"missing {_listing(self.missing)}")
        if unknown:
            parts.append(f"unknown {_listing(unknown)}")
        if parts:
            raise WorkerUserError(f"not a {kind} checkpoint this importer can convert: {'; '.join(parts)}")


def _layer_indices(source, prefix):
    pattern = re.compile(re.escape(prefix) + r"(\d+)\.")
    found = sorted({int(m.group(1)) for n in source for m in [pattern.match(n)] if m})
    if not found:
        raise WorkerUserError(f"no layers named {prefix}<i>.* in the checkpoint")
    if found != list(range(len(found))):
        raise WorkerUserError(f"layers {prefix}<i> are not numbered 0..{len(found) - 1} (found {found})")
    return len(found)


def _shape(source, name, kind):
    if name not in source:
        raise WorkerUserError(f"not a {kind} checkpoint this importer can convert: missing {name}")
    return tuple(source[name].shape)


# ------------------------------------------------------------------------------------- mamba


def _mamba_layers(m, source, kind, prefix, out_prefix="layers"):
    """Maps mamba_ssm blocks {prefix}{i}.{norm, mixer.*} and returns the mamba config keys."""
    layers = _layer_indices(source, prefix)
    e2, width = _shape(source, f"{prefix}0.mixer.in_proj.weight", kind)
    inner = e2 // 2
    if e2 % 2 or inner % width:
        raise WorkerUserError(f"{prefix}0.mixer.in_proj.weight has shape {[e2, width]}: d_inner = {e2 / 2} is not a multiple of d_model {width}")
    d_state = _shape(source, f"{prefix}0.mixer.A_log", kind)[1]
    d_conv = _shape(source, f"{prefix}0.mixer.conv1d.weight", kind)[2]
    dt_rank = _shape(source, f"{prefix}0.mixer.dt_proj.weight", kind)[1]
    layernorm = f"{prefix}0.norm.bias" in source
    for i in range(layers):
        m.put(f"{out_prefix}.{i}.norm.weight", f"{prefix}{i}.norm.weight")
        if layernorm:
            m.put(f"{out_prefix}.{i}.norm.bias", f"{prefix}{i}.norm.bias")
        for name in MAMBA_MIXER:
            m.put(f"{out_prefix}.{i}.mixer.{name}", f"{prefix}{i}.mixer.{name}")
    config = {
        "width": width,
        "layers": layers,
        "norm": "layernorm" if layernorm else "rmsnorm",
        "dState": d_state,
        "dConv": d_conv,
        "expand": inner // width,
        "dtRank": dt_rank,
    }
    return config


def _tied_head(m, source, embedding_name, notes):
    """lm_head.weight: tied to the embedding (absent, or the same values) or a separate matrix."""
    emb = source[embedding_name]
    if "lm_head.weight" not in source:
        notes.append("lm_head.weight absent: the head is tied to the embedding")
        m.out["readout.weight"] = emb
        m.origin["readout.weight"] = embedding_name
        return
    head = m.take("lm_head.weight")
    if head.shape == emb.shape and torch.equal(head, emb):
        notes.append("lm_head.weight equals the embedding (tied)")
    else:
        notes.append("lm_head.weight differs from the embedding: imported as a separate head")
    m.out["readout.weight"] = head
    m.origin["readout.weight"] = "lm_head.weight"


def convert_mamba_ssm(source, cfg):
    kind = "mamba-ssm"
    m = Mapping(source)
    notes = []
    config = _mamba_layers(m, source, kind, "backbone.layers.")
    m.put("embedding.weight", "backbone.embedding.weight")
    m.put("final_norm.weight", "backbone.norm_f.weight")
    if config["norm"] == "layernorm":
        m.put("final_norm.bias", "backbone.norm_f.bias")
    _tied_head(m, source, "backbone.embedding.weight", notes)
    m.check(kind)
    rows = source["backbone.embedding.weight"].shape[0]
    config.update(vocabSize=rows, normEps=MAMBA_NORM_EPS, readoutBias=False)
    notes.append(
        "mamba_ssm's Block (add -> norm -> mixer, the residual carried beside) is the pre-norm residual "
        "x + mixer(norm(x)); norm_f follows the last block; the head has no bias"
    )
    vocab = {"rows": rows}
    if "vocab_size" in cfg:
        vocab["source"] = int(cfg["vocab_size"])
        vocab["padMultiple"] = int(cfg.get("pad_vocab_size_multiple", 8))
        notes.append(f"vocabulary {vocab['source']} padded to {rows} rows (pad_vocab_size_multiple {vocab['padMultiple']})")
    return "mamba", config, m, notes, vocab


# ------------------------------------------------------------------------------------- llama


def rotate_half_to_interleaved(weight, heads):
    """Rows of a q or k projection [heads * hd, in] reordered per head: our row 2i is Hugging
    Face's row i, our row 2i+1 its row i + hd/2 (the pair RoPE rotates at angle p * theta_i)."""
    rows, cols = weight.shape
    hd = rows // heads
    perm = [i // 2 if i % 2 == 0 else hd // 2 + i // 2 for i in range(hd)]
    return weight.reshape(heads, hd, cols)[:, perm, :].reshape(rows, cols)


def _repeat_kv(weight, kv_heads, groups):
    """Grouped-query attention as plain multi-head: each key/value head's rows, repeated for the
    `groups` query heads that share it (Hugging Face's repeat_kv, on the weights)."""
    if groups == 1:
        return weight
    rows, cols = weight.shape
    hd = rows // kv_heads
    return weight.reshape(kv_heads, 1, hd, cols).expand(kv_heads, groups, hd, cols).reshape(kv_heads * groups * hd, cols)


def _llama_settings(cfg, kind, width, defaults):
    """Heads, key/value heads, eps and RoPE base from a LlamaConfig (config.json)."""
    heads = cfg.get("num_attention_heads")
    if not isinstance(heads, int) or heads < 1:
        raise WorkerUserError(f"{kind}: the config gives no num_attention_heads (pass --config config.json or --heads)")
    kv = cfg.get("num_key_value_heads") or heads
    if width % heads or heads % kv:
        raise WorkerUserError(f"{kind}: hidden size {width}, {heads} heads and {kv} key/value heads do not divide")
    head_dim = cfg.get("head_dim")
    if head_dim not in (None, width // heads):
        raise WorkerUserError(f"{kind}: head_dim {head_dim} is not hidden_size / num_attention_heads = {width // heads}")
    if (width // heads) % 2:
        raise WorkerUserError(f"{kind}: head size {width // heads} is odd; RoPE needs pairs")
    if cfg.get("rope_scaling"):
        raise WorkerUserError(f"{kind}: rope_scaling {json.dumps(cfg['rope_scaling'])} is not supported (plain RoPE only)")
    act = cfg.get("hidden_act", "silu")
    if act != "silu":
        raise WorkerUserError(f"{kind}: hidden_act '{act}' is not supported (SwiGLU with silu only)")
    eps = float(cfg.get("rms_norm_eps", defaults["rms_norm_eps"]))
    base = float(cfg.get("rope_theta", defaults["rope_theta"]))
    return heads, kv, eps, base


def _llama_block(m, source, src, ours, heads, kv):
    groups = heads // kv
    m.put(f"{ours}.attn_norm.weight", f"{src}.input_layernorm.weight")
    m.put(f"{ours}.mlp_norm.weight", f"{src}.post_attention_layernorm.weight")
    m.put(f"{ours}.attn.wq.weight", f"{src}.self_attn.q_proj.weight", lambda w: rotate_half_to_interleaved(w, heads))
    m.put(f"{ours}.attn.wk.weight", f"{src}.self_attn.k_proj.weight", lambda w: rotate_half_to_interleaved(_repeat_kv(w, kv, groups), heads))
    m.put(f"{ours}.attn.wv.weight", f"{src}.self_attn.v_proj.weight", lambda w: _repeat_kv(w, kv, groups))
    m.put(f"{ours}.attn.wo.weight", f"{src}.self_attn.o_proj.weight")
    for theirs, our in LLAMA_MLP.items():
        m.put(f"{ours}.mlp.{our}.weight", f"{src}.mlp.{theirs}.weight")


# older transformers saved the rotary table's inv_freq; it is recomputed from rope_theta
LLAMA_IGNORABLE = (r".*\.self_attn\.rotary_emb\.inv_freq",)


def convert_hf_llama(source, cfg):
    kind = "hf-llama"
    m = Mapping(source, LLAMA_IGNORABLE)
    notes = []
    rows, width = _shape(source, "model.embed_tokens.weight", kind)
    layers = _layer_indices(source, "model.layers.")
    heads, kv, eps, base = _llama_settings(cfg, kind, width, {"rms_norm_eps": 1e-6, "rope_theta": 10000.0})
    m.put("embedding.weight", "model.embed_tokens.weight")
    for i in range(layers):
        _llama_block(m, source, f"model.layers.{i}", f"layers.{i}", heads, kv)
    m.put("final_norm.weight", "model.norm.weight")
    if "lm_head.weight" in source or not cfg.get("tie_word_embeddings", False):
        m.put("readout.weight", "lm_head.weight")
    else:
        m.out["readout.weight"] = source["model.embed_tokens.weight"]
        m.origin["readout.weight"] = "model.embed_tokens.weight"
        notes.append("tie_word_embeddings: the head is the embedding")
    m.check(kind)
    ffn = _shape(source, "model.layers.0.mlp.gate_proj.weight", kind)[0]
    config = {
        "width": width,
        "layers": layers,
        "vocabSize": rows,
        "heads": heads,
        "norm": "rmsnorm",
        "ffnSize": ffn,
        "positions": "rope",
        "maxLen": int(cfg.get("max_position_embeddings", 2048)),
        "normEps": eps,
        "ropeBase": base,
        "readoutBias": False,
    }
    notes.append(f"q/k rows permuted per head from rotate-half to interleaved pairs ({heads} heads of {width // heads})")
    if kv != heads:
        notes.append(f"{kv} key/value heads repeated for {heads} query heads")
    notes.append(f"rms_norm_eps {eps}, rope_theta {base}, intermediate_size {ffn}, lm_head without bias")
    return "transformer", config, m, notes, {"rows": rows}


# -------------------------------------------------------------------------------- rnn-icrag


def convert_rnn_icrag_hybrid(source, cfg):
    kind = "rnn-icrag-hybrid"
    m = Mapping(source, LLAMA_IGNORABLE)
    notes = []
    config = _mamba_layers(m, source, kind, "backbone.layers.")
    width = config["width"]
    m.put("embedding.weight", "backbone.embedding.weight")
    m.put("final_norm.weight", "backbone.norm_f.weight")
    if config["norm"] != "rmsnorm":
        raise WorkerUserError(f"{kind}: the Mamba blocks use LayerNorm, but the Llama layer uses RMSNorm; one norm kind is supported")
    llama = dict(RNN_ICRAG_LLAMA)
    llama.update({k: v for k, v in cfg.items() if k in ("num_attention_heads", "num_key_value_heads", "rms_norm_eps", "rope_theta", "head_dim", "rope_scaling", "hidden_act")})
    heads, kv, eps, base = _llama_settings(llama, kind, width, RNN_ICRAG_LLAMA)
    if eps != MAMBA_NORM_EPS:
        raise WorkerUserError(f"{kind}: rms_norm_eps {eps} differs from the Mamba blocks' {MAMBA_NORM_EPS}; one normEps is supported")
    _llama_block(m, source, "backbone.attention", "attn_layer", heads, kv)
    _tied_head(m, source, "backbone.embedding.weight", notes)
    m.check(kind)
    rows = source["backbone.embedding.weight"].shape[0]
    ffn = _shape(source, "backbone.attention.mlp.gate_proj.weight", kind)[0]
    config.update(
        vocabSize=rows,
        base="mamba",
        heads=heads,
        ffnSize=ffn,
        normEps=eps,
        ropeBase=base,
        readoutBias=False,
        finalNormBeforeAttention=True,
        maskValue=RNN_ICRAG_MASK,
    )
    notes.append("order: Mamba blocks -> norm_f -> one LlamaDecoderLayer -> lm_head (finalNormBeforeAttention)")
    notes.append("causal mask: -100 added above the diagonal, as rnn-icrag does (maskValue -100)")
    notes.append(f"q/k rows permuted per head from rotate-half to interleaved pairs ({heads} heads); FFN {ffn}")
    return "hybrid", config, m, notes, {"rows": rows}


CONVERTERS = {"mamba-ssm": convert_mamba_ssm, "hf-llama": convert_hf_llama, "rnn-icrag-hybrid": convert_rnn_icrag_hybrid}


def run_import(req):
    """Request: {checkpoint, from, out (an existing empty directory), config (path, optional),
    heads (optional)}. Writes out/weights.safetensors and out/spec.json."""
    kind = req.get("from")
    if kind not in CONVERTERS:
        raise WorkerUserError(f"--from must be one of {', '.join(KINDS)} (got '{kind}')")
    ckpt = req["checkpoint"]
    source, home = load_state_dict(ckpt)
    config_path = req.get("config")
    if config_path is None and os.path.exists(os.path.join(home, "config.json")):
        config_path = os.path.join(home, "config.json")
    cfg = _read_config(config_path) if config_path else {}
    if req.get("heads") is not None:
        cfg["num_attention_heads"] = int(req["heads"])
    architecture, config, mapping, notes, vocab = CONVERTERS[kind](source, cfg)
    model = build_twin(architecture, config)
    expected = model.state_dict()
    tensors = mapping.out
    missing = sorted(set(expected) - set(tensors))
    extra = sorted(set(tensors) - set(expected))
    if missing or extra:  # a converter bug, not the user's file
        raise RuntimeError(f"converted names do not match the twin: missing {missing}, extra {extra}")
    for name, t in expected.items():
        if tuple(tensors[name].shape) != tuple(t.shape):
            raise WorkerUserError(
                f"{mapping.origin[name]} has shape {list(tensors[name].shape)}, but the {architecture} it describes needs {list(t.shape)} for {name}"
            )
    with torch.no_grad():
        model.load_state_dict({k: v.to(expected[k].dtype) for k, v in tensors.items()})
    out = req["out"]
    weights = os.path.join(out, "weights.safetensors")
    # the source's own dtypes (bf16 stays bf16), under the twin's names
    save_twin(_Carrier(model, tensors), weights)
    dtypes = sorted({str(t.dtype).replace("torch.", "") for t in tensors.values()})
    spec = {
        "imported": {"from": kind, "checkpoint": os.path.abspath(ckpt), "config": os.path.abspath(config_path) if config_path else None},
        "architecture": architecture,
        "config": config,
        "vocabulary": vocab,
        "dtypes": dtypes,
        "conversions": notes,
        "tensors": {ours: mapping.origin[ours] for ours in sorted(tensors)},
    }
    with open(os.path.join(out, "spec.json"), "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    return {"architecture": architecture, "config": config, "weights": weights, "spec": os.path.join(out, "spec.json"), "tensors": len(tensors), "dtypes": dtypes, "conversions": notes}


class _Carrier:
    """What save_twin needs (architecture, config, state_dict), holding the converted tensors in
    their source dtypes rather than the twin's float32 copies."""

    def __init__(self, model, tensors):
        self.architecture = model.architecture
        self.config = model.config
        self._tensors = {k: v.contiguous() for k, v in tensors.items()}

    def state_dict(self):
        return self._tensors
