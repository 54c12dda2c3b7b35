"""The float32 batched enumeration the exact census is measured against (bench/census.ts).

Reads an LSTM weights file (streambound's JSON: embedding, rnn.*_l0, readout, as PyTorch's
state_dict), runs every one of the 2^n Index prefixes in one batch, dedupes the final (h, c),
and scores every query of every input from its final state, all in float32 on CPU.
Prints one JSON line: wall and CPU seconds, distinct states, accuracy.

    python3 bench/census_torch.py WEIGHTS.json N [THREADS]
"""
import json
import sys
import time

import torch


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    torch.set_num_threads(threads)
    spec = json.load(open(path))
    t = {k: torch.tensor(v["data"], dtype=torch.float64).reshape(v["shape"]).float() for k, v in spec["tensors"].items()}
    width = spec["config"]["width"]
    cell = torch.nn.LSTMCell(t["embedding.weight"].shape[1], width)
    with torch.no_grad():
        cell.weight_ih.copy_(t["rnn.weight_ih_l0"])
        cell.weight_hh.copy_(t["rnn.weight_hh_l0"])
        cell.bias_ih.copy_(t["rnn.bias_ih_l0"])
        cell.bias_hh.copy_(t["rnn.bias_hh_l0"])
    emb, w_out, b_out = t["embedding.weight"], t["readout.weight"], t["readout.bias"]

    start = time.perf_counter()
    cpu_start = time.process_time()
    with torch.no_grad():
        xs = torch.arange(2 ** n, dtype=torch.int64)
        bits = torch.stack([(xs >> j) & 1 for j in range(n)], dim=1)  # token of bit j: 0 or 1
        h = torch.zeros(2 ** n, width)
        c = torch.zeros(2 ** n, width)
        for j in range(n):
            h, c = cell(emb[bits[:, j]], (h, c))
        states, inverse = torch.unique(torch.cat([h, c], dim=1), dim=0, return_inverse=True)
        hs, cs = states[:, :width], states[:, width:]
        correct = 0
        for q in range(n):
            query = emb[2 + q].expand(hs.shape[0], -1)
            h2, _ = cell(query, (hs, cs))
            logits = h2 @ w_out.T + b_out
            answer = (logits[:, 1] > logits[:, 0]).long()  # argmax over the answer tokens 0, 1; ties to 0
            correct += int((answer[inverse] == bits[:, q]).sum())
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "distinct": int(states.shape[0]), "accuracy": correct / (n * 2 ** n), "threads": threads}))


if __name__ == "__main__":
    main()
