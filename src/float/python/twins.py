"""The PyTorch twins of streambound's architectures.

Every twin is `embedding -> backbone -> readout`; parameter names are the `state_dict` names
docs/float.md lists, and the TypeScript models use the same names, so safetensors files move
both ways. Configs use the TypeScript side's camelCase keys.
"""
import math

import torch
import torch.nn as nn

from blocks import NORM_EPS, ROPE_BASE, Block, CausalSelfAttention, SwiGLU, make_norm, sinusoidal_table  # noqa: F401
from errors import WorkerUserError
from mixers import DiagonalRNNMixer, LinearAttentionMixer, MambaMixer, RetentionMixer

RNN_ARCHS = ("elman", "lstm", "gru")
MIXER_ARCHS = ("mamba", "linear-attention", "diagonal-rnn", "retnet")
ARCHITECTURES = RNN_ARCHS + ("transformer",) + MIXER_ARCHS + ("hybrid",)


def _rnn(arch, config):
    width, layers = config["width"], config["layers"]
    input_size = config.get("inputSize", width)
    if arch == "elman":
        return nn.RNN(input_size, width, layers, nonlinearity=config.get("nonlinearity", "tanh"), batch_first=True)
    cls = nn.LSTM if arch == "lstm" else nn.GRU
    return cls(input_size, width, layers, batch_first=True)


def _positive_number(config, key, default):
    v = config.get(key, default)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
        raise WorkerUserError(f"config {key} must be a positive number (got {v!r})")
    return float(v)


def _flag(config, key, default):
    v = config.get(key, default)
    if not isinstance(v, bool):
        raise WorkerUserError(f"config {key} must be true or false (got {v!r})")
    return v


def _mask_value(config):
    v = config.get("maskValue")
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise WorkerUserError(f"config maskValue must be null or a finite number (got {v!r})")
    return float(v)


def _ffn_size(config):
    v = config.get("ffnSize", 4 * config["width"])
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise WorkerUserError(f"config ffnSize must be a whole number >= 1 (got {v!r})")
    return v


def _mixer_block(arch, config):
    width = config["width"]
    norm = config.get("norm", "rmsnorm")
    ffn = _ffn_size(config)
    eps = _positive_number(config, "normEps", NORM_EPS)
    if arch == "mamba":
        mixer = MambaMixer(
            width,
            config.get("dState", 16),
            config.get("dConv", 4),
            config.get("expand", 2),
            config.get("dtRank", math.ceil(width / 16)),
        )
        return Block(width, norm, mixer, 0, mixer_norm_name="norm", mixer_name="mixer", norm_eps=eps)
    if arch == "linear-attention":
        mixer = LinearAttentionMixer(width, config.get("heads", 1))
    elif arch == "diagonal-rnn":
        mixer = DiagonalRNNMixer(width, config.get("dState", width))
    elif arch == "retnet":
        mixer = RetentionMixer(width, config.get("heads", 1))
    else:
        raise WorkerUserError(f"unknown recurrent mixer '{arch}'")
    return Block(width, norm, mixer, ffn, mixer_norm_name="norm", mixer_name="mixer", norm_eps=eps)


def _attention_block(config, use_rope=True):
    width = config["width"]
    attn = CausalSelfAttention(
        width, config.get("heads", 1), use_rope, _positive_number(config, "ropeBase", ROPE_BASE), _mask_value(config)
    )
    eps = _positive_number(config, "normEps", NORM_EPS)
    return Block(width, config.get("norm", "rmsnorm"), attn, _ffn_size(config), norm_eps=eps)


class Twin(nn.Module):
    def __init__(self, architecture, config):
        super().__init__()
        if architecture not in ARCHITECTURES:
            raise WorkerUserError(f"unknown architecture '{architecture}' (known: {', '.join(ARCHITECTURES)})")
        self.architecture = architecture
        self.config = dict(config)
        vocab, width = config["vocabSize"], config["width"]
        base = config.get("base") if architecture == "hybrid" else architecture
        if architecture == "hybrid" and base not in RNN_ARCHS + MIXER_ARCHS:
            raise WorkerUserError(f"hybrid base must be a recurrent architecture, got '{base}'")
        self.rnn_style = base in RNN_ARCHS
        emb_dim = config.get("inputSize", width) if self.rnn_style else width
        self.embedding = nn.Embedding(vocab, emb_dim)
        positions = config.get("positions", "rope") if architecture == "transformer" else "none"
        self.positions_kind = positions
        if positions == "learned":
            self.positions = nn.Embedding(config["maxLen"], width)
        elif positions == "sinusoidal":
            # float64, and deliberately not a buffer: model.to(float32) would round it for good,
            # so a float64 run after a float32 one would be off by ~1e-8. Cast at use instead.
            self._sin_positions64 = sinusoidal_table(config["maxLen"], width)
        if self.rnn_style:
            self.rnn = _rnn(base, config)
        elif architecture == "transformer":
            self.layers = nn.ModuleList(
                [_attention_block(config, use_rope=positions == "rope") for _ in range(config["layers"])]
            )
        else:
            self.layers = nn.ModuleList([_mixer_block(base, config) for _ in range(config["layers"])])
        self.final_norm_first = False
        if architecture == "hybrid":
            self.attn_layer = _attention_block(config, use_rope=True)
            self.final_norm_first = _flag(config, "finalNormBeforeAttention", False)
        elif "finalNormBeforeAttention" in config:
            raise WorkerUserError("config finalNormBeforeAttention applies to hybrid only")
        if architecture != base or not self.rnn_style:
            self.final_norm = make_norm(config.get("norm", "rmsnorm"), width, _positive_number(config, "normEps", NORM_EPS))
        self.readout = nn.Linear(width, vocab, bias=_flag(config, "readoutBias", True))

    def forward(self, tokens):
        """tokens: [B, L] int64 -> logits [B, L, vocab]."""
        x = self.embedding(tokens)
        if self.positions_kind == "learned":
            x = x + self.positions.weight[: tokens.shape[1]]
        elif self.positions_kind == "sinusoidal":
            if self._sin_positions64.device != x.device:
                self._sin_positions64 = self._sin_positions64.to(x.device)
            x = x + self._sin_positions64[: tokens.shape[1]].to(x.dtype)
        if self.rnn_style:
            x, _ = self.rnn(x)
        else:
            for layer in self.layers:
                x = layer(x)
        if self.final_norm_first:  # rnn-icrag's hybrid: base -> norm_f -> attention -> lm_head
            return self.readout(self.attn_layer(self.final_norm(x)))
        if hasattr(self, "attn_layer"):
            x = self.attn_layer(x)
        if hasattr(self, "final_norm"):
            x = self.final_norm(x)
        return self.readout(x)

    def tie_sinusoidal_embedding(self):
        """rnn-icrag's option: frozen sinusoidal token embeddings tied to a frozen output head.
        The head weight IS the embedding table (shared storage); a head bias (readoutBias true)
        stays trainable, and with readoutBias false there is none, as in rnn-icrag."""
        emb_dim = self.embedding.weight.shape[1]
        if emb_dim != self.readout.weight.shape[1]:
            raise WorkerUserError(
                f"tied sinusoidal embeddings need inputSize = width (got {emb_dim} and {self.readout.weight.shape[1]})"
            )
        with torch.no_grad():
            self.embedding.weight.copy_(sinusoidal_table(self.embedding.weight.shape[0], emb_dim))
        self.embedding.weight.requires_grad_(False)
        self.readout.weight = self.embedding.weight


def build_twin(architecture, config):
    try:
        return Twin(architecture, config)
    except KeyError as e:
        raise WorkerUserError(f"config for {architecture} lacks {e.args[0]}")
    except ValueError as e:
        raise WorkerUserError(str(e))
