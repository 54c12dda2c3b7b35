import { describe, expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { runWorker, WorkerFault, type WorkerEvent } from "../../src/float/workerProcess.js";
import { pythonExecutable, workerScript } from "../../src/float/pythonRuntime.js";
import { existsSync } from "node:fs";
import { UserError } from "../../src/util/errors.js";

describeWith("torch", "the worker protocol", () => {
  it("finds the worker script under the package root, and Python by STREAMBOUND_PYTHON first", () => {
    expect(existsSync(workerScript())).toBe(true);
    expect(pythonExecutable({ STREAMBOUND_PYTHON: "/opt/py/bin/python" })).toBe("/opt/py/bin/python");
    expect(pythonExecutable({})).toBe(existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
  });

  it("probe reports torch and CUDA as a done event", async () => {
    const done: WorkerEvent = await runWorker({ command: "probe" });
    expect(done.event).toBe("done");
    expect(typeof done.torch).toBe("string");
    expect(typeof done.cuda).toBe("boolean");
  });

  it("a user's mistake comes back as a one-line UserError", async () => {
    const e = await runWorker({ command: "frobnicate", device: "cpu" }).catch((x) => x);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe("unknown worker command 'frobnicate'");
    const w = await runWorker({ command: "logits", weights: "/nonexistent/w.safetensors", sequences: [[1]], device: "cpu" }).catch((x) => x);
    expect(w).toBeInstanceOf(UserError);
    expect(w.message).toMatch(/cannot read \/nonexistent\/w.safetensors/);
  });

  it("a bug in the worker is an Error (not a UserError) carrying the Python traceback", async () => {
    const e = await runWorker({ command: "train", device: "cpu" }).catch((x) => x);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(UserError);
    expect(e.message).toMatch(/^float worker bug: KeyError/);
    expect(e.stack).toContain("Traceback");
  });

  it("a Python that cannot start is a UserError naming it", async () => {
    const e = await runWorker({ command: "probe" }, { env: { STREAMBOUND_PYTHON: "/nonexistent/python3" } }).catch((x) => x);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toContain("/nonexistent/python3");
  });

  it("aborting sends SIGINT and rejects with a WorkerFault", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(runWorker({ command: "probe" }, { signal: ac.signal })).rejects.toBeInstanceOf(WorkerFault);
  });
});
