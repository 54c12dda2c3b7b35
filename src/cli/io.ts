import { writeUserFile } from "./paths.js";

/** Where a command writes: data to `out`, everything else (progress, warnings) to `err`. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars only then). */
  readonly interactive: boolean;
  /** Resolves once `out` has room again (a command that streams awaits it between pieces). */
  drain?(): Promise<void>;
}

export const processIO: CliIO = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
  drain: () => (process.stdout.writableNeedDrain ? new Promise((ok) => process.stdout.once("drain", () => ok())) : Promise.resolve()),
};

/** Collects output in memory: what tests and in-process callers use. */
export function memoryIO(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    interactive: false,
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}

/** Writes a whole file or nothing (see writeUserFile); `label` names the flag in errors. */
export function writeFileAtomic(path: string, data: string | Uint8Array, label = "--out"): void {
  writeUserFile(label, path, data);
}
