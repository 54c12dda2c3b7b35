"""Chunked vs sequential scans of every recurrent twin (run by test/float/scan.test.ts).

Prints one JSON object: per case the float64 max |chunked - sequential| and the float32
||chunked - sequential|| / ||sequential||, for logits and for gradients.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "src", "float", "python"))

import torch  # noqa: E402

import scan  # noqa: E402
from twins import build_twin  # noqa: E402

torch.set_num_threads(1)
CONFIGS = {
    "mamba": dict(dState=8, dConv=4, expand=2, dtRank=2),
    "diagonal-rnn": dict(dState=12),
    "linear-attention": dict(heads=2),
    "retnet": dict(heads=4),
    "hybrid": dict(base="mamba", heads=2, dState=8, dConv=4, expand=2, dtRank=2),
}


def run(model, tokens, mode):
    scan.set_scan_mode(model, mode)
    model.zero_grad()
    out = model(tokens)
    (out.square().mean()).backward()
    grads = torch.cat([p.grad.reshape(-1) for p in model.parameters() if p.grad is not None])
    return out.detach(), grads


def main():
    results = []
    for arch, extra in CONFIGS.items():
        for length in (1, 15, 16, 17, 64, 65, 200):
            torch.manual_seed(length)
            config = dict(width=16, layers=2, vocabSize=11, norm="rmsnorm", **extra)
            model = build_twin(arch, config)
            tokens = torch.randint(0, 11, (3, length))
            row = {"arch": arch, "length": length}
            model.double()
            (yc, gc), (ys, gs) = run(model, tokens, "chunked"), run(model, tokens, "sequential")
            row["f64MaxAbs"] = (yc - ys).abs().max().item()
            row["f64GradMaxAbs"] = (gc - gs).abs().max().item()
            model.float()
            (yc, gc), (ys, gs) = run(model, tokens, "chunked"), run(model, tokens, "sequential")
            row["f32Rel"] = ((yc - ys).norm() / ys.norm()).item()
            row["f32GradRel"] = ((gc - gs).norm() / gs.norm()).item()
            results.append(row)

    # The parallel in-chunk form (CUDA's default) on CPU, against the sequential scan
    for length in (1, 16, 17, 100, 300):
        torch.manual_seed(100 + length)
        row = {"arch": "mamba-parallel-chunks", "length": length}
        for dtype in (torch.float64, torch.float32):
            x, dt = torch.randn(2, length, 6, dtype=dtype), torch.rand(2, length, 6, dtype=dtype) * 0.2
            a = -torch.rand(6, 4, dtype=dtype) * 8
            bm, cm = torch.randn(2, length, 4, dtype=dtype), torch.randn(2, length, 4, dtype=dtype)
            ins = [t.requires_grad_() for t in (x, dt, a, bm, cm)]
            outs = []
            for mode, within in (("chunked", "parallel"), ("sequential", None)):
                y = scan.mamba_scan(*ins, mode=mode, within=within)
                grads = torch.autograd.grad(y.square().sum(), ins)
                outs.append((y.detach(), torch.cat([g.reshape(-1) for g in grads])))
            (yc, gc), (ys, gs) = outs
            if dtype == torch.float64:
                row["f64MaxAbs"], row["f64GradMaxAbs"] = (yc - ys).abs().max().item(), (gc - gs).abs().max().item()
            else:
                row["f32Rel"], row["f32GradRel"] = ((yc - ys).norm() / ys.norm()).item(), ((gc - gs).norm() / gs.norm()).item()
        results.append(row)

    # Mamba chunks whose decay is too steep for the exp form run step by step, and still agree
    torch.manual_seed(5)
    x, dt = torch.randn(2, 100, 6, dtype=torch.float64), torch.rand(2, 100, 6, dtype=torch.float64) * 20
    a = -torch.rand(6, 4, dtype=torch.float64) * 16
    bm, cm = torch.randn(2, 100, 4, dtype=torch.float64), torch.randn(2, 100, 4, dtype=torch.float64)
    steep = (scan.mamba_scan(x, dt, a, bm, cm, "chunked", within="parallel") - scan.mamba_scan(x, dt, a, bm, cm, "sequential")).abs().max()

    # Bounded memory: no single allocation of the chunked Mamba scan, forward or backward
    # (with its recomputed chunks), is anywhere near one [B, L, E, N] tensor
    b, length, e, n = 2, 512, 8, 4
    x = torch.randn(b, length, e, requires_grad=True)
    dt = (torch.rand(b, length, e) * 0.1).requires_grad_()
    a = (-torch.rand(e, n) * 4).requires_grad_()
    bm, cm = torch.randn(b, length, n, requires_grad=True), torch.randn(b, length, n, requires_grad=True)
    largest = {}
    for mode, within in (("chunked", "steps"), ("chunked", "parallel"), ("sequential", None)):
        with torch.profiler.profile(profile_memory=True) as prof:
            scan.mamba_scan(x, dt, a, bm, cm, mode, within=within).sum().backward()
        largest[within or mode] = max(ev.cpu_memory_usage for ev in prof.events()) // 4  # float32 elements
    print(
        json.dumps(
            {
                "cases": results,
                "steepMaxAbs": steep.item(),
                "largestAllocation": largest,
                "fullStateNumel": b * length * e * n,
            }
        )
    )


if __name__ == "__main__":
    main()
