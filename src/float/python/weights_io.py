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
    except json.JSONDecodeError:
        raise WorkerUserError(f"{path}: metadata config is not valid JSON")
    model = build_twin(arch, config).to(dtype)
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
    with torch.no_grad():
        model.load_state_dict({k: v.to(expected[k].dtype) for k, v in tensors.items()})
    return model
