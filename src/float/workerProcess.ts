import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { UserError } from "../util/errors.js";
import { missingTorchMessage, pythonExecutable, workerScript } from "./pythonRuntime.js";

/** One JSON line the worker writes to stdout (protocol in src/float/python/worker.py). */
export interface WorkerEvent {
  readonly event: "progress" | "metrics" | "done" | "error";
  readonly [key: string]: unknown;
}

export interface WorkerOptions {
  /** Called for every progress and metrics event, in order. */
  onEvent?: (event: WorkerEvent) => void;
  /** Aborting sends SIGINT to the worker (it keeps its last checkpoint) and rejects. */
  signal?: AbortSignal;
  /** Extra environment, e.g. CUDA_VISIBLE_DEVICES for one sweep point. */
  env?: NodeJS.ProcessEnv;
}

/** The worker stopped without a `done` event: killed, crashed, or interrupted. */
export class WorkerFault extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = "WorkerFault";
  }
}

/**
 * Runs one worker request and resolves with its `done` event. A `user` error event becomes a
 * UserError (one line, exit 2); a `bug` becomes an Error carrying the Python traceback; a
 * worker that dies without reporting becomes a WorkerFault.
 */
export function runWorker(request: Record<string, unknown>, options: WorkerOptions = {}): Promise<WorkerEvent> {
  const python = pythonExecutable({ ...process.env, ...options.env });
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new WorkerFault("interrupted before the worker started", null, ""));
      return;
    }
    const child = spawn(python, [workerScript()], {
      // no __pycache__ inside the installed package's src/
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let done: WorkerEvent | undefined;
    let failure: Error | undefined;
    let stderr = "";
    const onAbort = () => child.kill("SIGINT");
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (err: NodeJS.ErrnoException) => {
      failure =
        err.code === "ENOENT"
          ? new UserError(`cannot run Python '${python}' (not found); ${missingTorchMessage(python)}`)
          : err;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.length > 20000) stderr = stderr.slice(-20000);
    });
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      if (line.trim() === "") return;
      let event: WorkerEvent;
      try {
        event = parseWorkerLine(line);
      } catch {
        failure ??= new Error(`worker wrote a line that is not JSON: ${line.slice(0, 200)}`);
        return;
      }
      if (event.event === "done") done = event;
      else if (event.event === "error") failure ??= errorFromEvent(event, python);
      else options.onEvent?.(event);
    });
    child.on("close", (code, signal) => {
      options.signal?.removeEventListener("abort", onAbort);
      lines.close();
      if (failure) reject(failure);
      else if (done && code === 0) resolve(done);
      else {
        const how = signal ? `killed by ${signal}` : `exit code ${code}`;
        const tail = stderr.trim().split("\n").slice(-3).join(" | ");
        reject(new WorkerFault(`the float worker stopped (${how})${tail ? `: ${tail}` : ""}`, code, stderr));
      }
    });
    child.stdin.on("error", () => {
      // the worker may exit before reading its request; 'close' reports why
    });
    child.stdin.end(JSON.stringify(request));
  });
}

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

/** One protocol line; the worker sends non-finite floats as the strings "NaN", "Infinity", "-Infinity". */
export function parseWorkerLine(line: string): WorkerEvent {
  return JSON.parse(line, (_key, v) => (typeof v === "string" && v in NON_FINITE ? NON_FINITE[v] : v)) as WorkerEvent;
}

/**
 * One worker process serving many requests (`worker.py --serve`): one torch start-up for a
 * batch of float checks. Requests run one at a time, in order; each resolves with its `done`
 * event or rejects as runWorker does. close() ends the process.
 */
export class PersistentWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly python: string;
  private queue: { resolve: (e: WorkerEvent) => void; reject: (e: Error) => void }[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private stderr = "";
  private exited: Error | null = null;

  constructor(env: NodeJS.ProcessEnv = {}) {
    this.python = pythonExecutable({ ...process.env, ...env });
    this.child = spawn(this.python, [workerScript(), "--serve"], {
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-20000);
    });
    this.child.stdin.on("error", () => {
      // reported by 'close'
    });
    const lines = createInterface({ input: this.child.stdout });
    lines.on("line", (line) => {
      if (line.trim() === "") return;
      const head = this.queue[0];
      if (!head) return;
      let event: WorkerEvent;
      try {
        event = parseWorkerLine(line);
      } catch {
        this.queue.shift();
        head.reject(new Error(`worker wrote a line that is not JSON: ${line.slice(0, 200)}`));
        return;
      }
      if (event.event === "done") {
        this.queue.shift();
        head.resolve(event);
      } else if (event.event === "error") {
        this.queue.shift();
        head.reject(errorFromEvent(event, this.python));
      }
    });
    this.child.on("error", (err: NodeJS.ErrnoException) => {
      this.exited = err.code === "ENOENT" ? new UserError(`cannot run Python '${this.python}' (not found); ${missingTorchMessage(this.python)}`) : err;
    });
    this.child.on("close", (code, signal) => {
      const tail = this.stderr.trim().split("\n").slice(-3).join(" | ");
      this.exited ??= new WorkerFault(`the float worker stopped (${signal ? `killed by ${signal}` : `exit code ${code}`})${tail ? `: ${tail}` : ""}`, code, this.stderr);
      for (const p of this.queue.splice(0)) p.reject(this.exited);
    });
  }

  /** Sends one request; resolves with its done event. */
  request(request: Record<string, unknown>): Promise<WorkerEvent> {
    const next = this.chain.then(
      () =>
        new Promise<WorkerEvent>((resolve, reject) => {
          if (this.exited) return reject(this.exited);
          this.queue.push({ resolve, reject });
          this.child.stdin.write(JSON.stringify(request) + "\n");
        }),
    );
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Ends the worker (stdin closes; it exits after the request in progress). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.exited) return resolve();
      this.child.once("close", () => resolve());
      this.child.stdin.end();
    });
  }
}

function errorFromEvent(event: WorkerEvent, python: string): Error {
  const message = String(event.message ?? "unknown worker error");
  switch (event.kind) {
    case "user":
      return new UserError(message);
    case "missing-torch":
      return new UserError(missingTorchMessage(python));
    case "interrupted":
      return new WorkerFault("the float worker was interrupted", 130, "");
    default: {
      const err = new Error(`float worker bug: ${message}`);
      err.stack = `${err.message}\n--- Python traceback ---\n${String(event.traceback ?? "")}`;
      return err;
    }
  }
}

/** What the worker's `probe` reports about its torch. */
export interface TorchProbe {
  readonly torch: string;
  readonly python: string;
  readonly cuda: boolean;
  readonly deviceCount: number;
}

/** Checks torch once per process; a missing torch is a UserError naming both packages. */
let probeCache: Promise<TorchProbe> | undefined;
export function probeTorch(): Promise<TorchProbe> {
  probeCache ??= runWorker({ command: "probe" }).then((e) => e as unknown as TorchProbe);
  probeCache.catch(() => {
    probeCache = undefined;
  });
  return probeCache;
}
