"""Training and evaluation loops: AdamW, linear warmup then cosine decay, masked next-token loss.

Accuracy counts a sequence as right only when EVERY supervised target is predicted exactly
(the answer token, and any supervised CoT tokens).
"""
import json
import math
import os
import time

import torch
import torch.nn.functional as F

from dataset_io import Dataset
from errors import WorkerUserError
from twins import build_twin
from weights_io import save_twin

CHECKPOINT = "checkpoint.pt"
METRICS = "metrics.jsonl"
WEIGHTS = "weights.safetensors"


def batch_loss(model, tokens, mask):
    """Mean cross-entropy over supervised targets, and per-sequence exactness."""
    inputs, targets, tmask = tokens[:, :-1], tokens[:, 1:], mask[:, 1:]
    logits = model(inputs)
    flat_logits = logits[tmask]
    loss = F.cross_entropy(flat_logits.float(), targets[tmask])
    wrong = (logits.argmax(-1) != targets) & tmask
    exact = ~wrong.any(dim=1)
    return loss, exact


@torch.no_grad()
def evaluate(model, data, device, batch=1024, dtype=torch.float32, answer_tokens=None):
    """Exact match ("accuracy": every supervised token by argmax over the vocabulary) and, with
    answer_tokens, answer accuracy (the last token by argmax over the answer tokens only, as
    the census and the game score)."""
    model.eval()
    total_loss, total_targets, correct, answer_correct = 0.0, 0, 0, 0
    answers = torch.tensor(answer_tokens, dtype=torch.long, device=device) if answer_tokens else None
    for start in range(0, len(data), batch):
        tok = data.tokens[start : start + batch].to(device)
        msk = data.mask[start : start + batch].to(device)
        inputs, targets, tmask = tok[:, :-1], tok[:, 1:], msk[:, 1:]
        logits = model(inputs)
        total_loss += F.cross_entropy(logits[tmask].double(), targets[tmask], reduction="sum").item()
        total_targets += int(tmask.sum())
        wrong = (logits.argmax(-1) != targets) & tmask
        correct += int((~wrong.any(dim=1)).sum())
        if answers is not None:
            last = data.lengths[start : start + batch].to(device) - 2  # the position predicting the answer
            at = logits[torch.arange(logits.shape[0], device=device), last][:, answers]
            picked = answers[at.argmax(-1)]
            answer_correct += int((picked == data.labels[start : start + batch].to(device)).sum())
    model.train()
    n = len(data)
    out = {"loss": total_loss / max(total_targets, 1), "accuracy": correct / max(n, 1), "count": n}
    if answers is not None:
        out["answerAccuracy"] = answer_correct / max(n, 1)
    return out


def lr_factor(step, warmup, steps):
    """Linear warmup over `warmup` steps, then cosine from 1 to 0 at `steps`."""
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


def _atomic_save(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def train(req, device, emit):
    run_dir = req["runDir"]
    train_data = Dataset(req["train"])
    valid_data = Dataset(req["valid"])
    steps, batch, lr = int(req["steps"]), int(req["batch"]), float(req["lr"])
    warmup = int(req.get("warmup", min(100, steps // 10)))
    eval_every = int(req.get("evalEvery", max(1, steps // 10)))
    progress_every = max(1, int(req.get("progressEvery", 10)))
    torch.manual_seed(int(req["seed"]))
    model = build_twin(req["architecture"], req["config"])
    if req.get("tiedSinusoidal"):
        model.tie_sinusoidal_embedding()
    model.to(device)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=float(req.get("weightDecay", 0.01)))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor(s, warmup, steps))
    gen = torch.Generator()
    gen.manual_seed(int(req["seed"]))
    step = 0
    metrics_path = os.path.join(run_dir, METRICS)
    ckpt_path = os.path.join(run_dir, CHECKPOINT)
    if req.get("resume") and os.path.exists(ckpt_path):
        ckpt = torch.load(ckpt_path, map_location=device)
        if ckpt.get("architecture") != req["architecture"]:
            raise WorkerUserError(
                f"{ckpt_path}: checkpoint is for architecture '{ckpt.get('architecture')}', not '{req['architecture']}'"
            )
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["optimizer"])
        sched.load_state_dict(ckpt["scheduler"])
        gen.set_state(ckpt["generator"])
        torch.set_rng_state(ckpt["torch_rng"])
        step = int(ckpt["step"])
        # the running train loss/accuracy columns continue exactly (older checkpoints lack them)
        run_loss, run_acc = ckpt.get("run_loss"), ckpt.get("run_acc")
        _truncate_metrics(metrics_path, step)
        emit({"event": "progress", "phase": "resumed", "step": step, "steps": steps})
    elif os.path.exists(metrics_path):
        os.remove(metrics_path)

    started = time.time()
    if not (req.get("resume") and os.path.exists(ckpt_path)):
        run_loss, run_acc = None, None
    last_val = None
    n_train = len(train_data)
    while step < steps:
        idx = torch.randint(0, n_train, (batch,), generator=gen)
        tok = train_data.tokens[idx].to(device)
        msk = train_data.mask[idx].to(device)
        loss, exact = batch_loss(model, tok, msk)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        step += 1
        lval, aval = loss.item(), exact.float().mean().item()
        if not math.isfinite(lval):
            raise RuntimeError(f"loss became {lval} at step {step}")
        run_loss = lval if run_loss is None else 0.9 * run_loss + 0.1 * lval
        run_acc = aval if run_acc is None else 0.9 * run_acc + 0.1 * aval
        if step % progress_every == 0 or step == steps:
            emit({"event": "progress", "step": step, "steps": steps, "loss": run_loss, "accuracy": run_acc})
        if step % eval_every == 0 or step == steps:
            val = evaluate(model, valid_data, device)
            row = {
                "step": step,
                "lr": sched.get_last_lr()[0],
                "trainLoss": run_loss,
                "trainAccuracy": run_acc,
                "validLoss": val["loss"],
                "validAccuracy": val["accuracy"],
                "seconds": time.time() - started,
            }
            with open(metrics_path, "a") as f:
                f.write(json.dumps(row) + "\n")
            _atomic_save(
                {
                    "architecture": req["architecture"],
                    "model": model.state_dict(),
                    "optimizer": opt.state_dict(),
                    "scheduler": sched.state_dict(),
                    "generator": gen.get_state(),
                    "torch_rng": torch.get_rng_state(),
                    "step": step,
                    "run_loss": run_loss,
                    "run_acc": run_acc,
                },
                ckpt_path,
            )
            emit(dict(row, event="metrics"))
            last_val = val
    if last_val is None:  # resumed from a finished checkpoint
        last_val = evaluate(model, valid_data, device)
    model.cpu()
    save_twin(model, os.path.join(run_dir, WEIGHTS))
    out = {"steps": step, "validAccuracy": last_val["accuracy"], "validLoss": last_val["loss"]}
    if req.get("test"):
        test = evaluate(model, Dataset(req["test"]), "cpu", answer_tokens=req.get("answerTokens"))
        out.update(testAccuracy=test["accuracy"], testLoss=test["loss"])
        if "answerAccuracy" in test:
            out["testAnswerAccuracy"] = test["answerAccuracy"]
    out["trainSeconds"] = time.time() - started
    return out


def _truncate_metrics(path, step):
    """Drops metric rows written after the checkpoint being resumed from."""
    if not os.path.exists(path):
        return
    rows = []
    with open(path) as f:
        for line in f:
            try:
                if json.loads(line)["step"] <= step:
                    rows.append(line if line.endswith("\n") else line + "\n")
            except (ValueError, KeyError):
                pass  # a line cut short by the interruption
    with open(path, "w") as f:
        f.writelines(rows)
