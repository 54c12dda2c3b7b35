"""streambound's float worker: trains and evaluates the PyTorch twins (torch >= 1.13 only).

Protocol: one JSON request on stdin ({"command": "probe"|"train"|"eval"|"logits", ...});
JSON lines on stdout, each {"event": "progress"|"metrics"|"done"|"error", ...}. With --serve,
stdin carries one request per line, each answered by its events ending in done or error, and
the worker stays up (one torch start-up for many requests). Strict JSON: a non-finite float is
sent as the string "NaN", "Infinity" or "-Infinity". An error
event has "kind": "user" (the user's mistake; exit code 2), "missing-torch" (exit 2), "bug" (exit 1, with the
traceback) or "interrupted" (exit 130). Nothing else is written to stdout.
"""
import json
import math
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from errors import WorkerUserError  # noqa: E402


class MissingTorch(Exception):
    """torch cannot be imported: the TypeScript side prints how to install it."""


def _strict(obj):
    """JSON has no NaN/Infinity: they travel as strings the TypeScript side turns back into numbers."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return "NaN" if obj != obj else ("Infinity" if obj > 0 else "-Infinity")
    if isinstance(obj, dict):
        return {k: _strict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_strict(v) for v in obj]
    return obj


def emit(obj):
    sys.stdout.write(json.dumps(_strict(obj), allow_nan=False) + "\n")
    sys.stdout.flush()


def pick_device(torch, requested):
    cuda = torch.cuda.is_available()
    if requested == "auto":
        return "cuda" if cuda else "cpu"
    if requested == "cuda":
        if not cuda:
            raise WorkerUserError(f"--device cuda: CUDA is not available to torch {torch.__version__} on this machine")
        return "cuda"
    if requested == "cpu":
        return "cpu"
    raise WorkerUserError(f"unknown device '{requested}' (use auto, cuda or cpu)")


def device_info(torch, device):
    info = {"device": device, "torch": torch.__version__}
    if device == "cuda":
        info["deviceName"] = torch.cuda.get_device_name(0)
    return info


def run(req):
    if not isinstance(req, dict):
        raise WorkerUserError("a worker request is a JSON object")
    try:
        import torch
    except ImportError as e:
        raise MissingTorch(str(e))

    threads = req.get("threads")
    if threads:
        torch.set_num_threads(int(threads))
    command = req.get("command")
    if command == "probe":
        cuda = torch.cuda.is_available()
        emit(
            {
                "event": "done",
                "torch": torch.__version__,
                "python": sys.version.split()[0],
                "cuda": cuda,
                "deviceCount": torch.cuda.device_count() if cuda else 0,
            }
        )
        return
    device = pick_device(torch, req.get("device", "auto"))
    dtype = {"float32": torch.float32, "float64": torch.float64}.get(req.get("dtype", "float32"))
    if dtype is None:
        raise WorkerUserError(f"unknown dtype '{req.get('dtype')}' (use float32 or float64)")
    if command == "train":
        from training import train

        result = train(req, device, emit)
        emit(dict(result, event="done", **device_info(torch, device)))
    elif command == "eval":
        from dataset_io import Dataset
        from training import evaluate
        from weights_io import load_twin

        model = load_twin(req["weights"], req.get("expectArchitecture"), dtype).to(device)
        data = Dataset(req["dataset"])
        if data.vocab_size > model.config["vocabSize"]:
            raise WorkerUserError(
                f"dataset vocabulary {data.vocab_size} exceeds the model's vocabSize {model.config['vocabSize']}"
            )
        result = evaluate(model, data, device, answer_tokens=req.get("answerTokens"))
        emit(dict(result, event="done", dtype=req.get("dtype", "float32"), **device_info(torch, device)))
    elif command == "logits":
        from weights_io import load_twin

        model = load_twin(req["weights"], req.get("expectArchitecture"), dtype).to(device)
        model.eval()
        vocab = model.config["vocabSize"]
        # everyPosition: the argmax at every position instead of the last position's logits
        every = bool(req.get("everyPosition"))
        logits, preds = [], []
        with torch.no_grad():
            for seq in req["sequences"]:
                if not seq or min(seq) < 0 or max(seq) >= vocab:
                    raise WorkerUserError(f"sequence tokens must be ids in 0..{vocab - 1}")
                out = model(torch.tensor([seq], dtype=torch.long, device=device))[0]
                if every:
                    preds.append(out.argmax(-1).cpu().tolist())
                else:
                    logits.append(out[-1].double().cpu().tolist())
                    preds.append(int(out[-1].argmax()))
        emit({"event": "done", "logits": logits, "predictions": preds, "dtype": req.get("dtype", "float32"), **device_info(torch, device)})
    elif command == "import":
        from importers import run_import

        emit(dict(run_import(req), event="done"))
    elif command == "export-rnn-icrag":
        from rnnicrag_export import run_export

        emit(dict(run_export(req), event="done"))
    else:
        raise WorkerUserError(f"unknown worker command '{command}'")


def main():
    if "--serve" in sys.argv[1:]:
        for line in sys.stdin:
            if line.strip() and handle(line) == 130:
                return 130
        return 0
    return handle(sys.stdin.read())


def handle(text):
    """Runs one request; every outcome is reported as an event. Returns the exit code."""
    try:
        req = json.loads(text)
        run(req)
        return 0
    except MissingTorch as e:
        emit({"event": "error", "kind": "missing-torch", "message": str(e)})
        return 2
    except WorkerUserError as e:
        emit({"event": "error", "kind": "user", "message": str(e)})
        return 2
    except KeyboardInterrupt:
        emit({"event": "error", "kind": "interrupted", "message": "interrupted"})
        return 130
    except BrokenPipeError:
        return 1
    except RuntimeError as e:
        # torch turns a Ctrl-C that lands inside one of its C++ ops into this RuntimeError
        if str(e).startswith("KeyboardInterrupt"):
            emit({"event": "error", "kind": "interrupted", "message": "interrupted"})
            return 130
        emit({"event": "error", "kind": "bug", "message": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()})
        return 1
    except Exception as e:  # a bug: report it with the traceback
        emit({"event": "error", "kind": "bug", "message": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()})
        return 1


if __name__ == "__main__":
    sys.exit(main())
