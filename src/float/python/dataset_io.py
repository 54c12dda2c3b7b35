"""Reads a streambound dataset file (written by TypeScript; layout in docs/float.md).

Arrays: tokens I32 [N, T], mask U8 [N, T] (1 = supervised target), labels I32 [N] (the
answer token), lengths I32 [N] (real length; positions >= length hold the pad token).
"""
import json

import torch

from errors import WorkerUserError
from safetensors_io import read_safetensors


class Dataset:
    def __init__(self, path):
        tensors, meta = read_safetensors(path)
        for name in ("tokens", "mask", "labels", "lengths"):
            if name not in tensors:
                raise WorkerUserError(f"{path}: dataset file lacks the array '{name}'")
        if meta.get("format") != "streambound-dataset":
            raise WorkerUserError(f"{path}: not a streambound dataset file")
        self.path = path
        self.info = json.loads(meta.get("info", "{}"))
        self.tokens = tensors["tokens"].long()
        self.mask = tensors["mask"].bool()
        self.labels = tensors["labels"].long()
        self.lengths = tensors["lengths"].long()
        self.vocab_size = int(self.info.get("vocabSize", int(self.tokens.max()) + 1))
        if self.tokens.dim() != 2 or self.mask.shape != self.tokens.shape:
            raise WorkerUserError(f"{path}: tokens and mask must be [N, T] arrays of one shape")

    def __len__(self):
        return self.tokens.shape[0]

    @property
    def seq_len(self):
        return self.tokens.shape[1]
