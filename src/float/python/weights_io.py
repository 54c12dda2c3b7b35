"""Twin weights as safetensors: state_dict names, metadata {architecture, config (JSON)}."""
import json

import torch

from errors import WorkerUserError
from safetensors_io import read_safetensors, write_safetensors
from twins import build_twin


def save_twin(model, path, extra_metadata=None):
    meta = {"architecture": model.architecture, "config": json.dumps(model.config, sort_keys=True)}
    if extra_metadata:
        meta.update(extra_metadata)
    write_safetensors(path, dict(model.state_dict()), meta)


def load_twin(path, expect_architecture=None, dtype=torch.float32):
    """Builds the twin a weights file describes (in `dtype`, before loading, so float64 values
    stay exact) and loads its tensors, strictly."""
    tensors, meta = read_safetensors(path)
    arch = meta.get("architecture")
    if arch is None or "config" not in meta:
        raise WorkerUserError(f"{path}: metadata lacks architecture/config; not a streambound weights file")
    if expect_architecture is not None and arch != expect_architecture:
        raise WorkerUserError(f"{path}: weights are for architecture '{arch}', expected '{expect_architecture}'")
    try:
        config = json.loads(meta["config"])
    except (ValueError, RecursionError):
        raise WorkerUserError(f"{path}: metadata config is not valid JSON")
    check_config(config, f"{path}: config")
    try:
        model = build_twin(arch, config).to(dtype)
    except (TypeError, ValueError, KeyError) as e:
        raise WorkerUserError(f"{path}: config does not build a '{arch}' twin ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})")
    expected = model.state_dict()
    missing = sorted(set(expected) - set(tensors))
    extra = sorted(set(tensors) - set(expected))
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing[:3]) + (" …" if len(missing) > 3 else ""))
        if extra:
            parts.append("unexpected " + ", ".join(extra[:3]) + (" …" if len(extra) > 3 else ""))
        raise WorkerUserError(f"{path}: tensors do not match architecture '{arch}' ({'; '.join(parts)})")
    for name, t in expected.items():
        if tuple(tensors[name].shape) != tuple(t.shape):
            raise WorkerUserError(
                f"{path}: tensor {name} has shape {list(tensors[name].shape)}, architecture '{arch}' needs {list(t.shape)}"
            )
    loaded = {}
    for k, v in tensors.items():
        if not v.is_floating_point():
            raise WorkerUserError(f"{path}: tensor {k} has integer dtype {v.dtype}; weights are floating point")
        if not bool(torch.isfinite(v).all()):
            raise WorkerUserError(f"{path}: tensor {k} holds a non-finite value (NaN or ±Infinity)")
        loaded[k] = _clamped(v, expected[k].dtype)
    with torch.no_grad():
        model.load_state_dict(loaded)
    return model


def _clamped(v, dtype):
    """Finite values beyond the dtype's range are clamped to ±max, as the TypeScript loader does
    (src/models/weights/load.ts), instead of becoming ±Infinity when cast."""
    big = torch.finfo(dtype).max
    if torch.finfo(v.dtype).max > big:
        v = v.double().clamp(-big, big)
    return v.to(dtype)


# Config keys by type, as the TypeScript side's schemas type them (src/float/architectures.ts,
# src/models/spec.ts). Integers must be JSON integers: 4.0 is refused here as there.
INTEGER_KEYS = {"width", "layers", "vocabSize", "inputSize", "heads", "ffnSize", "maxLen", "dState", "dConv", "expand", "dtRank"}
BOOLEAN_KEYS = {"readoutBias", "finalNormBeforeAttention", "tiedSinusoidal"}
STRING_KEYS = {"nonlinearity", "norm", "positions", "base", "format"}
NUMBER_KEYS = {"normEps", "ropeBase", "maskValue"}


def check_config(config, where):
    """Type-checks every known config field (unknown ones are left to the twin's own checks)."""
    if not isinstance(config, dict):
        raise WorkerUserError(f"{where}: must be a JSON object")
    for key, v in config.items():
        if key in INTEGER_KEYS:
            if isinstance(v, bool) or not isinstance(v, int):
                raise WorkerUserError(f"{where}.{key} must be an integer (got {json.dumps(v)})")
            if v < 1 or v > 1 << 24:
                raise WorkerUserError(f"{where}.{key} must be from 1 to {1 << 24} (got {v})")
        elif key in BOOLEAN_KEYS and not isinstance(v, bool):
            raise WorkerUserError(f"{where}.{key} must be true or false (got {json.dumps(v)})")
        elif key in STRING_KEYS and not isinstance(v, str):
            raise WorkerUserError(f"{where}.{key} must be a string (got {json.dumps(v)})")
        elif key in NUMBER_KEYS and v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or v in (float("inf"), float("-inf"))):
            raise WorkerUserError(f"{where}.{key} must be a finite number (got {json.dumps(v)})")
