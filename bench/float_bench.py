"""Float-twin benchmark (run by bench/float.ts when torch is present; one JSON line per figure).

  scan      for each recurrent twin (1 layer, width 64, batch 8, length 2048) and each scan
            (chunked, sequential; for mamba also the loop the twin shipped before the chunked
            scan), in a fresh subprocess each: forward tokens/s, training-step tokens/s
            (forward, backward, AdamW) and peak memory (CPU: the most tensor memory alive at
            once, from the profiler, plus the RSS growth; CUDA: torch.cuda.max_memory_allocated).
  train     per twin: tokens/s of training steps inside training.train (the `train` command's
            loop, timed from its per-step progress events) against a bare loop over the same
            module, batch and optimizer, run before and after it, in the same process.

Synthetic random tokens only: this measures speed, not learning.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src", "float", "python"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import scan  # noqa: E402
from twins import build_twin  # noqa: E402

ARCHS = {
    "mamba": dict(dState=16, dConv=4, expand=2, dtRank=4),
    "diagonal-rnn": dict(dState=64),
    "linear-attention": dict(heads=1),
    "retnet": dict(heads=1),
}
WIDTH, BATCH, VOCAB = 64, 8, 16


def config(arch, length):
    return dict(width=WIDTH, layers=1, vocabSize=VOCAB, norm="rmsnorm", ffnSize=4 * WIDTH, maxLen=length, **ARCHS[arch])


def clock(device):
    """CPU: this process's CPU time (torch runs on one thread here), so other load on a shared
    machine does not count; CUDA: wall time after a synchronize."""
    return time.perf_counter if device == "cuda" else time.process_time


def rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _old_mamba_loop(self, u):
    """The Mamba mixer's forward as shipped before scan.py: a loop indexing x[:, t]."""
    b, length, _ = u.shape
    x, z = self.in_proj(u).chunk(2, dim=-1)
    x = self.conv1d(x.transpose(1, 2))[..., :length].transpose(1, 2)
    x = F.silu(x)
    dt, bmat, cmat = torch.split(self.x_proj(x), [self.dt_rank, self.d_state, self.d_state], dim=-1)
    dt = F.softplus(self.dt_proj(dt))
    a = -torch.exp(self.A_log)
    h = torch.zeros(b, self.d_inner, self.d_state, dtype=u.dtype, device=u.device)
    ys = []
    for t in range(length):
        dt_t = dt[:, t].unsqueeze(-1)
        h = torch.exp(dt_t * a) * h + (dt_t * bmat[:, t].unsqueeze(1)) * x[:, t].unsqueeze(-1)
        ys.append((h * cmat[:, t].unsqueeze(1)).sum(-1) + self.D * x[:, t])
    return self.out_proj(torch.stack(ys, dim=1) * F.silu(z))


def live_peak_bytes(fn):
    """CPU: the most tensor memory alive at once while fn runs, from the profiler's allocation
    and free records in time order (the process's RSS would add the allocator's retained pages)."""
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], profile_memory=True) as prof:
        fn()
    live = peak = 0
    for ev in sorted(prof.events(), key=lambda e: e.time_range.start):
        live += ev.self_cpu_memory_usage
        peak = max(peak, live)
    return peak


def one(arch, mode, length, device, train_steps):
    """One (twin, scan) measurement; run in its own process so peak memory is its own."""
    torch.manual_seed(0)
    model = build_twin(arch, config(arch, length)).to(device)
    if mode == "before":
        import types

        for layer in model.layers:
            layer.mixer.forward = types.MethodType(_old_mamba_loop, layer.mixer)
    else:
        scan.set_scan_mode(model, mode)
    tokens = torch.randint(0, VOCAB, (BATCH, length + 1), device=device)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    now = clock(device)
    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    base = rss_bytes()
    with torch.no_grad():
        model(tokens[:, :8])  # warm-up
        sync()
        t0 = now()
        model(tokens[:, :-1])
        sync()
        fwd = now() - t0
    fwd_peak = torch.cuda.max_memory_allocated() if device == "cuda" else rss_bytes() - base
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    times = []
    for _ in range(train_steps):
        t0 = now()
        logits = model(tokens[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, VOCAB), tokens[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sync()
        times.append(now() - t0)
    step = min(times)
    train_peak = torch.cuda.max_memory_allocated() if device == "cuda" else rss_bytes() - base
    fwd_live = train_live = None
    if device == "cpu" and mode != "before":  # one more profiled pass of each, after the timing

        def train_step():
            logits = model(tokens[:, :-1])
            F.cross_entropy(logits.reshape(-1, VOCAB), tokens[:, 1:].reshape(-1)).backward()

        with torch.no_grad():
            fwd_live = live_peak_bytes(lambda: model(tokens[:, :-1]))
        train_live = live_peak_bytes(train_step)
    return {
        "figure": "scan",
        "arch": arch,
        "scan": mode,
        "device": device,
        "length": length,
        "batch": BATCH,
        "width": WIDTH,
        "forwardTokensPerSecond": BATCH * length / fwd,
        "trainTokensPerSecond": BATCH * length / step,
        "trainStepSeconds": step,
        "forwardPeakBytes": fwd_live if fwd_live is not None else fwd_peak,
        "trainPeakBytes": train_live if train_live is not None else train_peak,
        "peakMeasure": "live tensor bytes (profiler)" if fwd_live is not None else ("cuda max_memory_allocated" if device == "cuda" else "RSS above baseline"),
        "peakRssAboveBaseline": None if device == "cuda" else [fwd_peak, train_peak],
        "trainSteps": train_steps,
        "clock": "wall" if device == "cuda" else "process CPU time",
    }


def write_dataset(path, count, length):
    from safetensors_io import write_safetensors

    tokens = torch.randint(0, VOCAB, (count, length), dtype=torch.int32)
    mask = torch.ones(count, length, dtype=torch.uint8)
    mask[:, 0] = 0
    info = {"task": "synthetic", "vocabSize": VOCAB, "padId": 0}
    write_safetensors(
        path,
        {"tokens": tokens, "mask": mask, "labels": tokens[:, -1].contiguous(), "lengths": torch.full((count,), length, dtype=torch.int32)},
        {"format": "streambound-dataset", "info": json.dumps(info)},
    )


def bare_loop(arch, length, steps, device, data, warm):
    """The same module, batch draws and optimizer as `train`, and nothing else."""
    now = clock(device)
    torch.manual_seed(1)
    model = build_twin(arch, config(arch, length + 1)).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    gen = torch.Generator()
    gen.manual_seed(1)
    marks = []
    for _ in range(steps):
        idx = torch.randint(0, len(data), (BATCH,), generator=gen)
        tok = data.tokens[idx].to(device)
        logits = model(tok[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, VOCAB), tok[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        loss.item()
        marks.append(now())
    fastest = min(b - a for a, b in zip(marks[warm - 1 :], marks[warm:]))
    return (len(marks) - warm) * BATCH * length / (marks[-1] - marks[warm - 1]), fastest


def train_vs_bare(arch, length, steps, device):
    """Tokens/s of training.train's steps against a bare loop (run before and after it, to
    cancel drift), same module, batch, optimizer and device, in one process."""
    from dataset_io import Dataset
    from training import train

    warm = 2
    now = clock(device)
    with tempfile.TemporaryDirectory() as run_dir:
        write_dataset(os.path.join(run_dir, "train.sbd"), 64, length + 1)
        write_dataset(os.path.join(run_dir, "valid.sbd"), BATCH, length + 1)
        data = Dataset(os.path.join(run_dir, "train.sbd"))
        stamps = []

        def emit(event):
            if event.get("event") == "progress" and "step" in event:
                stamps.append((event["step"], now()))

        req = {
            "runDir": run_dir,
            "train": os.path.join(run_dir, "train.sbd"),
            "valid": os.path.join(run_dir, "valid.sbd"),
            "steps": steps,
            "batch": BATCH,
            "lr": 1e-3,
            "seed": 1,
            "architecture": arch,
            "config": config(arch, length + 1),
            "evalEvery": steps,
            "progressEvery": 1,
        }
        before = bare_loop(arch, length, steps, device, data, warm)
        train(req, device, emit)
        (s0, t0), (s1, t1) = stamps[warm - 1], stamps[-1]  # after warm-up; the last step's event comes before the final evaluation
        inside = (s1 - s0) * BATCH * length / (t1 - t0)
        inside_fastest = min(b[1] - a[1] for a, b in zip(stamps[warm - 1 :], stamps[warm:]))
        after = bare_loop(arch, length, steps, device, data, warm)
    bare = (before[0] + after[0]) / 2
    bare_fastest = min(before[1], after[1])
    return {
        "figure": "train",
        "arch": arch,
        "device": device,
        "length": length,
        "batch": BATCH,
        "steps": steps,
        "trainTokensPerSecond": inside,
        "bareTokensPerSecond": bare,
        "bareRuns": [before[0], after[0]],
        "meanRatio": inside / bare,
        # the fastest step of each: robust to other load on a shared machine
        "ratio": bare_fastest / inside_fastest,
        "fastestStepSeconds": {"train": inside_fastest, "bare": bare_fastest},
        "clock": "wall" if device == "cuda" else "process CPU time",
    }


def main():
    if sys.argv[1:2] == ["one"]:
        arch, mode, length, device, steps = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
        torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "1")))
        print(json.dumps(one(arch, mode, length, device, steps)), flush=True)
        return
    length = int(os.environ.get("BENCH_FLOAT_LENGTH", "2048"))
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    for device in devices:
        for arch in ARCHS:
            modes = ["chunked", "sequential"] + (["before"] if arch == "mamba" else [])
            for mode in modes:
                steps = 1 if mode == "before" and device == "cpu" else int(os.environ.get("BENCH_SCAN_STEPS", "2"))
                out = subprocess.run(
                    [sys.executable, os.path.abspath(__file__), "one", arch, mode, str(length), device, str(steps)],
                    capture_output=True,
                    text=True,
                )
                if out.returncode != 0:
                    print(json.dumps({"figure": "error", "arch": arch, "scan": mode, "message": out.stderr.strip().splitlines()[-1:]}), flush=True)
                else:
                    print(out.stdout.strip(), flush=True)
        torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "1")))
        train_length = int(os.environ.get("BENCH_TRAIN_LENGTH", "256"))
        for arch in ARCHS:
            print(json.dumps(train_vs_bare(arch, train_length, int(os.environ.get("BENCH_TRAIN_STEPS", "12")), device)), flush=True)


if __name__ == "__main__":
    main()
