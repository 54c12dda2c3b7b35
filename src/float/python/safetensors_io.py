"""Minimal safetensors reader/writer (no dependency but torch).

Layout: 8-byte little-endian header length N, N bytes of JSON header
{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}},
then the raw little-endian tensor bytes. The dataset files written by TypeScript use
the same layout (docs/float.md), so one reader serves weights and data.
"""
import json
import struct

import torch

from errors import WorkerUserError

_DTYPES = {
    "F64": (torch.float64, 8),
    "F32": (torch.float32, 4),
    "F16": (torch.float16, 2),
    "BF16": (torch.bfloat16, 2),
    "I64": (torch.int64, 8),
    "I32": (torch.int32, 4),
    "I16": (torch.int16, 2),
    "U8": (torch.uint8, 1),
    "I8": (torch.int8, 1),
}
_NAMES = {dt: name for name, (dt, _) in _DTYPES.items()}
_MAX_HEADER = 100 * 1024 * 1024


def read_safetensors(path):
    """Returns (tensors: dict name -> tensor, metadata: dict str -> str)."""
    try:
        with open(path, "rb") as f:
            blob = f.read()
    except OSError as e:
        raise WorkerUserError(f"cannot read {path}: {e.strerror}")
    if len(blob) < 8:
        raise WorkerUserError(f"{path}: truncated file (no 8-byte header length)")
    (n,) = struct.unpack("<Q", blob[:8])
    if n > _MAX_HEADER or 8 + n > len(blob):
        raise WorkerUserError(f"{path}: header length {n} exceeds the file size {len(blob)}")
    try:
        header = json.loads(blob[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise WorkerUserError(f"{path}: header is not valid JSON")
    if not isinstance(header, dict):
        raise WorkerUserError(f"{path}: header is not a JSON object")
    meta = header.pop("__metadata__", {}) or {}
    if not isinstance(meta, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items()):
        raise WorkerUserError(f"{path}: __metadata__ must map strings to strings")
    data = memoryview(blob)[8 + n :]
    tensors = {}
    for name, info in header.items():
        try:
            tensors[name] = _read_tensor(data, info)
        except WorkerUserError as e:
            raise WorkerUserError(f"{path}: tensor {name}: {e}")
        except (TypeError, ValueError, KeyError, AttributeError, RuntimeError, OverflowError):
            raise WorkerUserError(f"{path}: tensor {name}: malformed entry (dtype, shape, data_offsets)")
    return tensors, meta


def _whole(v):
    """A JSON integer (not a bool, not 4.0)."""
    if isinstance(v, bool) or not isinstance(v, int):
        raise WorkerUserError(f"expected a whole number, got {v!r}")
    return v


def _read_tensor(data, info):
    if not isinstance(info, dict):
        raise WorkerUserError("entry is not an object")
    dtype_name = info.get("dtype")
    if dtype_name not in _DTYPES:
        raise WorkerUserError(f"unsupported dtype {dtype_name}")
    dtype, size = _DTYPES[dtype_name]
    if not isinstance(info.get("shape"), list):
        raise WorkerUserError("shape is not a list")
    shape = [_whole(s) for s in info["shape"]]
    if any(s < 0 for s in shape):
        raise WorkerUserError(f"negative shape {shape}")
    offsets = info.get("data_offsets")
    if not isinstance(offsets, list) or len(offsets) != 2:
        raise WorkerUserError("data_offsets is not a pair")
    begin, end = (_whole(o) for o in offsets)
    count = 1
    for s in shape:
        count *= s
    if end - begin != count * size or end > len(data) or begin < 0:
        raise WorkerUserError("data offsets do not fit its shape or the file")
    if count == 0:
        return torch.zeros(shape, dtype=dtype)
    return torch.frombuffer(bytearray(bytes(data[begin:end])), dtype=dtype).reshape(shape).clone()


def _tensor_bytes(t):
    """Raw little-endian bytes of a contiguous CPU tensor, without needing numpy."""
    flat = t.reshape(-1)
    if flat.numel() == 0:
        return b""
    return bytes(flat.view(torch.uint8).tolist())


def write_safetensors(path, tensors, metadata):
    """Writes tensors (dict name -> tensor, in sorted name order) atomically (tmp + rename)."""
    import os

    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().to("cpu").contiguous()
        if t.dtype not in _NAMES:
            raise ValueError(f"cannot store dtype {t.dtype}")
        raw = _tensor_bytes(t)
        header[name] = {"dtype": _NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    hbytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hbytes += b" " * ((8 - len(hbytes) % 8) % 8)  # align data to 8 bytes, as safetensors does
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for c in chunks:
            f.write(c)
    os.replace(tmp, path)
