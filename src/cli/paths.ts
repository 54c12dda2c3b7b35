import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UserError } from "../util/errors.js";

/**
 * The one place that decides how a command opens, reads and writes a path the user named.
 * Every failure the user can cause (a directory where a file is expected, a file where a
 * directory is expected, a path under a regular file, no permission, a missing file) is a
 * one-line UserError naming the flag and the path; a file is written whole or not at all.
 */

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is a regular file, not a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  EEXIST: "already exists",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENAMETOOLONG: "name too long",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
  EINVAL: "invalid path",
  EIO: "input/output error",
  EFBIG: "file too large",
  EBUSY: "resource busy",
};

/** File-system error codes that a user's path can cause (and so are exit 2, not a bug). */
export function isUserPathErrno(code: string | undefined): boolean {
  return code !== undefined && code in ERRNO_WORDS;
}

/** One line for a file-system error on a user's path. */
export function pathProblem(label: string, path: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code && ERRNO_WORDS[code] ? `${ERRNO_WORDS[code]} (${code})` : (e as Error)?.message?.split("\n")[0] ?? String(e);
  return new UserError(`${label ? label + " " : ""}${path}: ${why}`);
}

type Kind = "file" | "directory" | "other" | "missing";

function kindOf(path: string): Kind {
  try {
    const s = statSync(path);
    return s.isFile() ? "file" : s.isDirectory() ? "directory" : "other";
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return "missing";
    if (code === "ENOTDIR") return "missing"; // reported by the ancestor check
    throw e;
  }
}

/** The nearest existing ancestor of a path that does not exist (the path itself when it exists). */
function nearestExisting(path: string): string {
  let p = resolve(path);
  for (;;) {
    if (existsSync(p)) return p;
    const up = dirname(p);
    if (up === p) return p;
    p = up;
  }
}

/** The parent chain of `path` must lead to a writable directory; throws one line otherwise. */
function checkParent(label: string, path: string): void {
  const anchor = nearestExisting(dirname(resolve(path)));
  const k = kindOf(anchor);
  if (k !== "directory") throw new UserError(`${label} ${path}: ${anchor} is ${k === "file" ? "a regular file" : "not a directory"}, so nothing can be created under it`);
  probeWritable(label, path, anchor);
}

/**
 * Creates and removes an empty directory in `dir`: the only check that also holds for root
 * (who passes access()) on read-only or kernel file systems.
 */
function probeWritable(label: string, path: string, dir: string): void {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    rmdirSync(mkdtempSync(join(dir, ".streambound-probe-")));
  } catch (e) {
    throw pathProblem(label, path, e);
  }
}

/** Reads a whole file the user named (e.g. `--grid`, `--x-file`, a certificate). */
export function readUserFile(label: string, path: string): Buffer {
  const k = safeKind(label, path);
  if (k === "directory") throw new UserError(`${label} ${path}: is a directory, expected a file`);
  if (k === "missing") {
    const anchor = nearestExisting(dirname(resolve(path)));
    if (kindOf(anchor) === "file") throw new UserError(`${label} ${path}: ${anchor} is a regular file, not a directory`);
    throw new UserError(`${label} ${path}: no such file`);
  }
  try {
    return readFileSync(path);
  } catch (e) {
    throw pathProblem(label, path, e);
  }
}

export function readUserText(label: string, path: string): string {
  const bytes = readUserFile(label, path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${label} ${path}: not UTF-8 text`);
  }
}

/** A JSON document from a user's file; its syntax errors are one line too. */
export function readUserJson(label: string, path: string): unknown {
  const text = readUserText(label, path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`${label} ${path}: not valid JSON (${(e as Error).message.split("\n")[0]})`);
  }
}

function safeKind(label: string, path: string): Kind {
  try {
    return kindOf(path);
  } catch (e) {
    throw pathProblem(label, path, e);
  }
}

/**
 * Checks that `path` can be written as a file (an existing file is replaced). Call it before
 * the work, so a bad --out fails in a second, not after an hour's census.
 */
export function checkOutFile(label: string, path: string): void {
  if (path.trim() === "") throw new UserError(`${label} needs a file path (got an empty string)`);
  const k = safeKind(label, path);
  if (k === "directory") throw new UserError(`${label} ${path}: is a directory, expected a file path`);
  if (k === "other") throw new UserError(`${label} ${path}: is not a regular file`);
  if (k === "file") {
    try {
      accessSync(path, constants.W_OK);
    } catch (e) {
      throw pathProblem(label, path, e);
    }
  }
  checkParent(label, path);
}

/**
 * Writes a whole file or nothing: missing parent directories are created, the data goes to a
 * temporary name and is renamed into place; on failure the temporary file and any directory
 * this call created are removed.
 */
export function writeUserFile(label: string, path: string, data: string | Uint8Array): void {
  checkOutFile(label, path);
  const parent = dirname(resolve(path));
  let created: string | undefined;
  const tmp = `${resolve(path)}.partial-${process.pid}`;
  try {
    created = mkdirSync(parent, { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    for (const p of [tmp, created]) {
      try {
        if (p) rmSync(p, { recursive: true, force: true });
      } catch {
        // nothing was created there (e.g. a name too long to exist)
      }
    }
    // the file system's refusal is the user's; anything else (a bad argument) is a bug
    throw isUserPathErrno((e as NodeJS.ErrnoException).code) ? pathProblem(label, path, e) : e;
  }
}

/**
 * Checks that `path` is, or can become, a directory (train's run directory, sweep's directory).
 * A regular file there, a regular file above it, or no permission: one line.
 */
export function checkOutDir(label: string, path: string): void {
  if (path.trim() === "") throw new UserError(`${label} needs a directory path (got an empty string)`);
  const k = safeKind(label, path);
  if (k === "file") throw new UserError(`${label} ${path}: is a regular file, expected a directory`);
  if (k === "other") throw new UserError(`${label} ${path}: is not a directory`);
  if (k === "directory") return probeWritable(label, path, path);
  checkParent(label, path);
}

/** An existing directory the user named for reading (`--run`, `--sweep`, `--resume`). */
export function checkInDir(label: string, path: string): void {
  if (path.trim() === "") throw new UserError(`${label} needs a directory path (got an empty string)`);
  const k = safeKind(label, path);
  if (k === "missing") throw new UserError(`${label} ${path}: no such directory`);
  if (k !== "directory") throw new UserError(`${label} ${path}: is a regular file, expected a directory`);
}
