"""Writes streambound datasets in rnn-icrag's layout (rnn/data.py IsTreeDataset.save), so the
official trainer (rnn/train.py: load_dataset(DIR) and load_dataset(DIR/val)) reads them.

tensor_data.pt = {input_ids, attention_mask, labels}, int64 [count, pad_len], right-padded
with [PAD]; attention_mask 1 on the real tokens; labels = the token where it is supervised,
else -100: -100 through the first [EOS], on the token after each [ENDSEARCH], on [UNK] and on
the padding (the official masking; the trainer shifts labels by one itself). metadata.json =
{vocab (with "[IGNORE]": -100 first), vocab_inv, n_vocab, use_cot, graph_type, n_nodes,
n_samples}, as json.dump(indent=2) writes it; a "streambound" key records provenance.
"""
import json
import os

import torch

from dataset_io import Dataset
from errors import WorkerUserError

IGNORE = -100


def official_use_cot(mode, split):
    """rnn/data.py's __main__: cot sets use_cot; retrieval trains with use_cot False and
    validates with use_cot True; direct has neither."""
    if mode == "cot":
        return True
    if mode == "retrieval":
        return split == "val"
    return False


def _tensors(data):
    tokens = data.tokens.to(torch.long)
    length = tokens.shape[1]
    attention = (torch.arange(length).unsqueeze(0) < data.lengths.unsqueeze(1)).to(torch.long)
    labels = torch.where(data.mask, tokens, torch.full_like(tokens, IGNORE))
    return {"input_ids": tokens, "attention_mask": attention, "labels": labels}


def run_export(req):
    out = req["out"]
    vocabulary = req["vocabulary"]
    vocab = {"[IGNORE]": IGNORE}
    for i, word in enumerate(vocabulary):
        vocab[word] = i
    vocab_inv = {v: k for k, v in vocab.items()}
    written = {}
    for split, sub in (("train", ""), ("val", "val")):
        data = Dataset(os.path.join(out, f"{split}.sbd"))
        if int(data.tokens.max()) >= len(vocabulary):
            raise WorkerUserError(f"{split}: token ids beyond the vocabulary of {len(vocabulary)}")
        target = os.path.join(out, sub)
        os.makedirs(target, exist_ok=True)
        tensors = _tensors(data)
        torch.save(tensors, os.path.join(target, "tensor_data.pt"))
        metadata = {
            "vocab": vocab,
            "vocab_inv": vocab_inv,
            "n_vocab": len(vocabulary),
            "use_cot": official_use_cot(req["mode"], split),
            "graph_type": req["graphType"],
            "n_nodes": int(req["n"]),
            "n_samples": len(data),
            "streambound": dict(req.get("provenance", {}), split=split),
        }
        with open(os.path.join(target, "metadata.json"), "w") as f:
            json.dump(metadata, f, indent=2)
        os.remove(os.path.join(out, f"{split}.sbd"))
        written[split] = {"count": len(data), "padLen": int(tensors["input_ids"].shape[1])}
    return {"nVocab": len(vocabulary), "splits": written}
