import { UserError } from "../util/errors.js";
import { checkInDir, checkOutDir, checkOutFile, readUserFile } from "./paths.js";

/**
 * Every command's flag rules in one table, checked on the raw command line before a command
 * runs: integers are integers in their range (the message names the flag and the range), a
 * flag is given at most once and with a value, paths are the kind the command needs, and a
 * flag the command would ignore is an error. yargs' own number parsing is lossy ('' → 0,
 * 2^60 rounded, 'abc' → NaN), so the raw text is what gets checked.
 */

export type FlagRule =
  | { readonly kind: "int"; readonly min: number; readonly max?: number }
  | { readonly kind: "number"; readonly min?: number; readonly positive?: boolean; readonly max?: number }
  | { readonly kind: "text" }
  | { readonly kind: "outFile" | "outDir" | "inFile" | "inDir" };

/** A flag that only means something together with another flag (or with one of its values). */
export interface FlagNeeds {
  readonly flag: string;
  /** The other flag; with `value`, that flag must have this value (its default counts). */
  readonly needs: string;
  readonly value?: string;
  readonly why: string;
}

export interface CommandRules {
  readonly flags: Readonly<Record<string, FlagRule>>;
  readonly needs?: readonly FlagNeeds[];
  /** Flags a shared option set declares that this command does not use. */
  readonly unused?: readonly { readonly flags: readonly string[]; readonly why: string }[];
  /** Flags that may repeat (yargs arrays). */
  readonly repeatable?: readonly string[];
  /** An `outFile` flag that names a directory instead when this other flag is given (census --emit). */
  readonly outDirWith?: string;
}

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Seeds feed `seed | 0`: past 31 bits two seeds would silently be one. */
export const MAX_SEED = 2 ** 31 - 1;

const int = (min: number, max?: number): FlagRule => ({ kind: "int", min, max });
const seed = int(0, MAX_SEED);
const text: FlagRule = { kind: "text" };

/** The model flags of census, game and prove (src/cli/modelOptions.ts). */
const modelFlags: Record<string, FlagRule> = {
  heads: int(1, 4096),
  "max-len": int(1, 1 << 20),
  "ffn-size": int(1, 1 << 20),
  "d-state": int(1, 65536),
  "d-conv": int(1, 1024),
  expand: int(1, 64),
  "dt-rank": int(1, 65536),
  "norm-eps": { kind: "number", positive: true, max: 1 },
  "rope-base": { kind: "number", positive: true },
  norm: text,
  positions: text,
  base: text,
  model: text,
  width: int(1, 4096),
  layers: int(1, 64),
  "state-bits": int(0, 1 << 20),
  weights: { kind: "inFile" },
  format: text,
  reduction: text,
};

const trainFlags: Record<string, FlagRule> = {
  task: text,
  n: int(1, 1 << 20),
  mode: text,
  arch: text,
  width: int(1, 65536),
  layers: int(1, 256),
  heads: int(1, 4096),
  base: text,
  positions: text,
  norm: text,
  "d-state": int(1, 65536),
  steps: int(1, 1e9),
  lr: { kind: "number", positive: true, max: 1e3 },
  batch: int(1, 1 << 20),
  "train-size": int(1, 1e8),
  "valid-size": int(1, 1e8),
  "test-size": int(1, 1e8),
  "data-seed": seed,
  "eval-every": int(1, 1e9),
  threads: int(1, 1024),
  seed,
};

export const COMMAND_RULES: Readonly<Record<string, CommandRules>> = {
  demo: { flags: { seed, retrain: { kind: "outDir" } } },
  census: {
    flags: {
      ...modelFlags,
      n: text,
      seed,
      samples: int(1, 1e9),
      "max-memory": { kind: "number", positive: true, max: 1 << 20 },
      workers: int(1, 1024),
      shards: int(1, 1 << 20),
      shard: text,
      out: { kind: "outFile" },
    },
    outDirWith: "emit",
    needs: [
      { flag: "samples", needs: "search", why: "an exhaustive census tries every input" },
      { flag: "device", needs: "weights", why: "the device is the float check's, which needs --weights FILE.safetensors" },
      { flag: "float-check", needs: "weights", why: "the float check runs trained weights (--weights FILE.safetensors)" },
    ],
    repeatable: ["param"],
  },
  game: {
    flags: { ...modelFlags, x: text, "x-file": { kind: "inFile" }, i: int(0, MAX_SAFE), y: text, string: text, split: int(0, MAX_SAFE), seed, partition: text, samples: int(1, 1e7), "search-limit": int(1, 1 << 24) },
    repeatable: ["param"],
    needs: [
      { flag: "samples", needs: "partition", why: "it counts the seeded inputs of the one-layer Transformer game's order comparison" },
      { flag: "search-limit", needs: "partition", why: "it bounds the one-layer Transformer game's fooling-pair search" },
    ],
  },
  bound: { flags: { n: int(1, MAX_SAFE), "state-bits": int(0, MAX_SAFE) } },
  data: { flags: { n: int(1, 1 << 20), count: int(1, MAX_SAFE), seed } },
  train: {
    flags: { ...trainFlags, out: { kind: "outDir" }, resume: { kind: "inDir" } },
  },
  eval: {
    flags: { run: { kind: "inDir" }, task: text, n: int(1, 1 << 20), mode: text, size: int(1, 1e8), "data-seed": seed, format: text },
    needs: [
      { flag: "format", needs: "in", value: "exact", why: "the worker computes in --dtype; --format is the bit-exact TypeScript model's" },
    ],
  },
  sweep: {
    flags: { grid: { kind: "inFile" }, out: { kind: "outDir" }, parallel: int(1, 1024), point: int(0, 1e9) },
  },
  results: { flags: { sweep: { kind: "inDir" }, format: text, "census-max-n": int(1, 30) } },
  prove: {
    flags: { ...modelFlags, n: int(1, 1 << 20), samples: int(1, 1e9), seed, "cot-tokens": int(1, 1e9), out: { kind: "outFile" } },
    repeatable: ["param"],
  },
  verify: { flags: { weights: { kind: "inFile" }, "model-module": { kind: "inFile" } } },
  precision: { flags: { ...modelFlags, n: text, seed } },
  report: { flags: { out: { kind: "outDir" } } },
  reproduce: { flags: { out: { kind: "outDir" } } },
  match: { flags: { n: int(1, 4096), format: text, "mamba-weights": { kind: "inFile" } } },
};

/** The flags the user typed (long names, as written), with every raw value given for each. */
export function typedFlags(argv: readonly string[]): Map<string, (string | undefined)[]> {
  const out = new Map<string, (string | undefined)[]>();
  for (let k = 0; k < argv.length; k++) {
    const tok = argv[k];
    if (tok === "--") break;
    if (!tok.startsWith("--")) continue;
    const eq = tok.indexOf("=");
    let name = eq >= 0 ? tok.slice(2, eq) : tok.slice(2);
    let value: string | undefined;
    if (eq >= 0) value = tok.slice(eq + 1);
    else if (name.startsWith("no-")) {
      name = name.slice(3);
      value = "false";
    } else if (k + 1 < argv.length && !isFlagToken(argv[k + 1])) value = argv[++k];
    out.set(name, [...(out.get(name) ?? []), value]);
  }
  return out;
}

/** A negative number is a value, not a flag. */
function isFlagToken(tok: string): boolean {
  return tok.startsWith("-") && !/^-\d/.test(tok) && tok !== "-";
}

function range(rule: { min?: number; max?: number }): string {
  const { min, max } = rule;
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return "";
}

/** Checks one integer flag's raw text; returns the exact value. */
export function parseIntFlag(flag: string, raw: string | undefined, min: number, max = MAX_SAFE): number {
  const want = `--${flag} takes a whole number ${range({ min, max })}`;
  if (raw === undefined) throw new UserError(`${want} (got no value)`);
  const t = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw new UserError(`${want} (got '${raw}')`);
  const v = Number(t);
  if (!Number.isInteger(v)) throw new UserError(`${want} (got '${raw}')`);
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new UserError(`${want} (got '${raw}')`);
  return v;
}

function checkNumber(flag: string, raw: string | undefined, rule: { min?: number; positive?: boolean; max?: number }): void {
  const want = `--${flag} takes a ${rule.positive ? "positive " : ""}number${rule.min !== undefined || rule.max !== undefined ? " " + range(rule) : ""}`;
  if (raw === undefined || raw.trim() === "") throw new UserError(`${want} (got ${raw === undefined ? "no value" : "''"})`);
  const v = Number(raw.trim());
  if (!Number.isFinite(v)) throw new UserError(`${want} (got '${raw}')`);
  if ((rule.positive && !(v > 0)) || (rule.min !== undefined && v < rule.min) || (rule.max !== undefined && v > rule.max)) {
    throw new UserError(`${want} (got '${raw}')`);
  }
}

/**
 * Validates a command's typed flags against its rules. `args` are yargs' parsed values (for
 * the values of flags with defaults, which the `needs` rules read).
 */
export function validateFlags(command: string, argv: readonly string[], args: Record<string, unknown>): void {
  const rules = COMMAND_RULES[command];
  if (!rules) return;
  const typed = typedFlags(argv);
  for (const [flag, values] of typed) {
    if (values.length > 1 && !(rules.repeatable ?? []).includes(flag)) {
      throw new UserError(`--${flag} is given ${values.length} times; give it once`);
    }
    const rule = rules.flags[flag];
    if (!rule) continue;
    const raw = values[values.length - 1];
    switch (rule.kind) {
      case "int":
        parseIntFlag(flag, raw, rule.min, rule.max);
        break;
      case "number":
        checkNumber(flag, raw, rule);
        break;
      case "text":
        if (raw === undefined || raw.trim() === "") throw new UserError(`--${flag} needs a value`);
        break;
      case "outFile":
        if (rules.outDirWith !== undefined && typed.has(rules.outDirWith)) {
          if (raw === undefined) throw new UserError(`--${flag} needs a directory path`);
          checkOutDir(`--${flag}`, raw);
          break;
        }
        if (raw === undefined) throw new UserError(`--${flag} needs a file path`);
        checkOutFile(`--${flag}`, raw);
        break;
      case "outDir":
        if (raw === undefined) throw new UserError(`--${flag} needs a directory path`);
        checkOutDir(`--${flag}`, raw);
        break;
      case "inFile":
        if (raw === undefined) throw new UserError(`--${flag} needs a file path`);
        readUserFile(`--${flag}`, raw);
        break;
      case "inDir":
        if (raw === undefined) throw new UserError(`--${flag} needs a directory path`);
        checkInDir(`--${flag}`, raw);
        break;
    }
  }
  for (const u of rules.unused ?? []) {
    for (const flag of u.flags) if (typed.has(flag)) throw new UserError(`--${flag} does not apply to ${command}: ${u.why}`);
  }
  for (const need of rules.needs ?? []) {
    if (!typed.has(need.flag)) continue;
    const other = args[need.needs];
    const ok = need.value === undefined ? typed.has(need.needs) : String(other) === need.value;
    if (!ok) {
      const cond = need.value === undefined ? `--${need.needs}` : `--${need.needs} ${need.value}`;
      throw new UserError(`--${need.flag} applies only with ${cond}: ${need.why}`);
    }
  }
}

/** yargs' "Invalid values:" block as one line naming the flag and its choices. */
export function choiceProblem(message: string): string | null {
  const m = /Argument: ([\w-]+), Given: (.*?), Choices: (.*)$/m.exec(message);
  if (!/^Invalid values:/.test(message) || !m) return null;
  const choices = m[3].split(/,\s*/).map((c) => c.replace(/^"|"$/g, ""));
  const given = m[2].replace(/^"|"$/g, "");
  return `--${m[1]} must be one of ${choices.join(", ")} (got '${given}')`;
}
