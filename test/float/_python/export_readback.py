"""Reads an rnn-icrag export back the way rnn-icrag does (run by test/float/export.test.ts).

For DIR and DIR/val: torch.load(tensor_data.pt) and metadata.json as IsTreeDataset.load reads
them, its assertion on n_samples, and labels recomputed from input_ids with the official
right-padding masking of IsTreeDataset.prepare. Prints one JSON object.
"""
import json
import os
import sys

import torch

torch.set_num_threads(1)


def official_labels(input_ids, attention_mask, vocab):
    """IsTreeDataset.prepare, pad == 'right', per row (the padding position from the mask)."""
    rows = []
    for ids, att in zip(input_ids, attention_mask):
        padding_position = int(att.sum())
        pad_len = ids.shape[0]
        pos_of_first_eos = torch.where(ids == vocab["[EOS]"])[0][0]
        lab = torch.cat((torch.tensor([-100] * (pos_of_first_eos + 1)), ids[pos_of_first_eos + 1 : padding_position], torch.tensor([-100] * (pad_len - padding_position))))
        lab[torch.where(ids == vocab["[ENDSEARCH]"])[0] + 1] = -100
        lab[torch.where(ids == vocab["[UNK]"])[0]] = -100
        rows.append(lab)
    return torch.stack(rows).to(torch.long)


def read(d):
    with open(os.path.join(d, "metadata.json")) as f:
        metadata = json.load(f)
    vocab_inv = {int(k): v for k, v in metadata["vocab_inv"].items()}  # as load() does
    data = torch.load(os.path.join(d, "tensor_data.pt"))
    input_ids, attention_mask, labels = data["input_ids"], data["attention_mask"], data["labels"]
    assert input_ids.shape[0] == attention_mask.shape[0] == labels.shape[0] == metadata["n_samples"]
    vocab = metadata["vocab"]
    return {
        "keys": sorted(data.keys()),
        "dtypes": sorted({str(t.dtype) for t in data.values()}),
        "shape": list(input_ids.shape),
        "inputIds": input_ids.tolist(),
        "attentionMask": attention_mask.tolist(),
        "labels": labels.tolist(),
        "officialLabelsEqual": bool(torch.equal(labels, official_labels(input_ids, attention_mask, vocab))),
        "padAfterEnd": bool(torch.all(input_ids[attention_mask == 0] == vocab["[PAD]"]).item()),
        "metadata": {k: v for k, v in metadata.items() if k not in ("vocab", "vocab_inv")},
        "vocab": vocab,
        "vocabInvRoundTrip": all(vocab[w] == i for i, w in vocab_inv.items()),
        "specialIds": [vocab["[PAD]"], vocab["[BOS]"], vocab["[EOS]"]],
    }


print(json.dumps({"train": read(sys.argv[1]), "val": read(os.path.join(sys.argv[1], "val"))}))
