import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMMAND_RULES, MAX_SAFE } from "../../src/cli/flags.js";
import { cli } from "./helpers.js";

/**
 * The done-when sweep of issue 11: bad inputs across every command. Each must give exit code
 * 2, exactly one line on stderr (no stack), nothing on stdout, and leave no file behind.
 */

const scratch = mkdtempSync(join(tmpdir(), "sb-bad-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const aFile = join(scratch, "a-file");
writeFileSync(aFile, "not json {");
const aDir = join(scratch, "a-dir");
mkdirSync(aDir);
const under = join(aFile, "x.json");
const unwritable = "/sys/streambound-test/x.json";
const missing = join(scratch, "missing.json");
const jsonOf = (name: string, text: string) => {
  const p = join(scratch, name);
  writeFileSync(p, text);
  return p;
};
const nullCert = jsonOf("null.json", "null");
const arrayCert = jsonOf("array.json", "[1,2]");
const numberCert = jsonOf("number.json", "42");
const stringCert = jsonOf("string.json", '"claim"');
const noClaim = jsonOf("noclaim.json", "{}");
const otherClaim = jsonOf("otherclaim.json", '{"claim": "no-such-claim"}');
const badGrid = jsonOf("grid.json", '{"tasks": ["index"], "widht": [3]}');
const fakeRun = join(scratch, "fake-run");
mkdirSync(fakeRun);
writeFileSync(
  join(fakeRun, "spec.json"),
  JSON.stringify({ kind: "streambound-train-run", version: 1, options: { task: "index", n: 4, arch: "lstm", width: 3, layers: 1, lr: 0.003, steps: 10, seed: 1 } }),
);
const fakeSweep = join(scratch, "fake-sweep");
mkdirSync(fakeSweep);
const bits = jsonOf("bits.txt", "01102");

/** A valid command line per command: the bad flag is added to it, so the error is that flag's. */
const BASE: Record<string, string[]> = {
  demo: ["demo"],
  census: ["census", "index", "--model", "ideal", "--state-bits", "3", "--n", "3"],
  game: ["game", "index", "--model", "ideal", "--state-bits", "3", "--x", "0110", "--i", "1"],
  bound: ["bound", "index", "--n", "8", "--state-bits", "3"],
  data: ["data", "index", "--n", "3"],
  train: ["train", "--task", "index", "--n", "3", "--arch", "lstm", "--width", "2", "--steps", "1", "--out", join(scratch, "never-run")],
  eval: ["eval", "--run", fakeRun],
  sweep: ["sweep", "--grid", badGrid],
  results: ["results", "--sweep", fakeSweep],
  prove: ["prove", "index-lower", "--model", "ideal", "--state-bits", "2", "--n", "3"],
  verify: ["verify", nullCert],
  precision: ["precision", "index", "--model", "lstm-store", "--n", "4"],
  report: ["report", nullCert, "--out", join(scratch, "never-report")],
  reproduce: ["reproduce", "wen2025-retrieval", "--quick", "--plan", "--out", join(scratch, "never-reproduce")],
  match: ["match", "--n", "4"],
};

/** The base line with --flag set to value (replacing the base's own --flag, if it has one). */
function withFlag(base: string[], flag: string, value?: string): string[] {
  const k = base.indexOf(flag);
  const rest = k < 0 ? base : [...base.slice(0, k), ...base.slice(k + 2)];
  return value === undefined ? [...rest, flag] : [...rest, flag, value];
}

const cases: [string, string[]][] = [];
const add = (why: string, argv: string[]) => cases.push([why, argv]);

// every integer flag of every command: not a number, a fraction, empty, below and above its range
for (const [command, rules] of Object.entries(COMMAND_RULES)) {
  for (const [flag, rule] of Object.entries(rules.flags)) {
    if (rule.kind !== "int") continue;
    const bad = ["abc", "1.5", "", "2^60", "1e400", "0x"];
    if (rule.min > -MAX_SAFE) bad.push(String(rule.min - 1));
    bad.push(String((rule.max ?? MAX_SAFE) + 1));
    for (const v of bad) add(`${command} --${flag} '${v}'`, withFlag(BASE[command], `--${flag}`, v));
    add(`${command} --${flag} without a value`, withFlag(BASE[command], `--${flag}`));
  }
  for (const [flag, rule] of Object.entries(rules.flags)) {
    if (rule.kind !== "number") continue;
    for (const v of ["abc", "", "-1", "0", "Infinity", "1e400"]) add(`${command} --${flag} '${v}'`, withFlag(BASE[command], `--${flag}`, v));
  }
}

// choice flags: the message names the flag and the choices
const choices: [string, string][] = [
  ["census", "--search"], ["census", "--device"], ["eval", "--in"], ["eval", "--dtype"], ["eval", "--device"],
  ["data", "--mode"], ["sweep", "--emit"], ["train", "--device"],
];
for (const [command, flag] of choices) add(`${command} ${flag} nonsense`, [...BASE[command], flag, "nonsense"]);

// paths: a directory where a file is expected, a file where a directory is expected, a path
// under a regular file, an unwritable path, a missing input
for (const cmd of ["census", "prove"]) {
  add(`${cmd} --out DIR`, [...BASE[cmd], "--out", aDir]);
  add(`${cmd} --out under a file`, [...BASE[cmd], "--out", under]);
  add(`${cmd} --out unwritable`, [...BASE[cmd], "--out", unwritable]);
  add(`${cmd} --out ''`, [...BASE[cmd], "--out", ""]);
}
for (const cmd of ["train", "sweep"]) {
  const base = BASE[cmd].filter((_, k, a) => a[k] !== "--out" && a[k - 1] !== "--out");
  add(`${cmd} --out FILE`, [...base, "--out", aFile]);
  add(`${cmd} --out under a file`, [...base, "--out", join(aFile, "run")]);
  add(`${cmd} --out unwritable`, [...base, "--out", "/sys/streambound-test/run"]);
}
for (const [cmd, flag] of [["eval", "--run"], ["results", "--sweep"], ["train", "--resume"]] as const) {
  const base = cmd === "train" ? ["train"] : BASE[cmd].slice(0, 1);
  add(`${cmd} ${flag} FILE`, [...base, flag, aFile]);
  add(`${cmd} ${flag} missing`, [...base, flag, join(scratch, "nope")]);
  add(`${cmd} ${flag} under a file`, [...base, flag, join(aFile, "x")]);
}
for (const target of [aDir, missing, under]) {
  add(`sweep --grid ${relative(scratch, target)}`, ["sweep", "--grid", target]);
  add(`verify ${relative(scratch, target)}`, ["verify", target]);
  add(`census --weights ${relative(scratch, target)}`, ["census", "index", "--model", "lstm", "--width", "2", "--n", "3", "--weights", target]);
  add(`game --x-file ${relative(scratch, target)}`, ["game", "index", "--model", "ideal", "--state-bits", "3", "--i", "0", "--x-file", target]);
}
add("game --x-file with a non-bit", ["game", "index", "--model", "ideal", "--state-bits", "3", "--i", "0", "--x-file", bits]);
add("game --x and --x-file", [...BASE.game, "--x-file", bits]);
add("game without --x", ["game", "index", "--model", "ideal", "--state-bits", "3", "--i", "0"]);

// verify: files that are not certificates
for (const f of [nullCert, arrayCert, numberCert, stringCert, noClaim, otherClaim, aFile]) add(`verify ${relative(scratch, f)}`, ["verify", f]);

// flags a command would ignore
add("census --samples without --search", [...BASE.census, "--samples", "5"]);
add("census --device without --weights", [...BASE.census, "--device", "cpu"]);
add("census --no-float-check without --weights", [...BASE.census, "--no-float-check"]);
add("prove --reduction of another task", [...BASE.prove, "--reduction", "r1-simple"]);
add("prove --param", [...BASE.prove, "--param", "c=3"]);
add("eval --format in worker mode", [...BASE.eval, "--format", "fp16"]);
add("train --resume with --width and --lr", ["train", "--resume", fakeRun, "--width", "16", "--lr", "0.5"]);
add("train --resume with --out elsewhere", ["train", "--resume", fakeRun, "--out", join(scratch, "elsewhere")]);

// repeated flags, unknown flags, missing arguments, unknown names
for (const cmd of Object.keys(BASE)) {
  add(`${cmd} --bogus`, [...BASE[cmd], "--bogus", "1"]);
  if (cmd !== "demo" && cmd !== "verify") add(`${cmd} repeated --json`, [...BASE[cmd], "--json", "--json"]);
}
add("census --n twice", [...BASE.census, "--n", "4"]);
add("bound --n twice", [...BASE.bound, "--n", "9"]);
add("no command", []);
add("unknown command", ["cencus"]);
add("census without --model", ["census", "index", "--n", "3"]);
add("census without --n", ["census", "index", "--model", "ideal", "--state-bits", "3"]);
add("census unknown task", ["census", "sorting", "--model", "ideal", "--state-bits", "3", "--n", "3"]);
add("census unknown model", ["census", "index", "--model", "gpt", "--n", "3"]);
add("census --n backwards", ["census", "index", "--model", "ideal", "--state-bits", "3", "--n", "5..2"]);
add("census --n 0", ["census", "index", "--model", "ideal", "--state-bits", "3", "--n", "0"]);
add("census --n words", ["census", "index", "--model", "ideal", "--state-bits", "3", "--n", "ten"]);
add("census --format fp7", ["census", "index", "--model", "lstm", "--width", "2", "--format", "fp7", "--n", "3"]);
add("census --param without =", ["census", "cgram", "--model", "ideal", "--state-bits", "3", "--n", "3", "--param", "c"]);
add("game --x with a 2", ["game", "index", "--model", "ideal", "--state-bits", "3", "--x", "0120", "--i", "1"]);
add("game --i past n", ["game", "index", "--model", "ideal", "--state-bits", "3", "--x", "0110", "--i", "9"]);
add("game --retrieval without --cot", [...BASE.game, "--retrieval"]);
add("game --partition without --y", ["game", "disjointness", "--model", "transformer", "--layers", "1", "--partition", "dyck-gadget", "--x", "0110"]);
add("game --partition with a 2-layer transformer", ["game", "disjointness", "--model", "transformer", "--layers", "2", "--partition", "dyck-gadget", "--x", "0110", "--y", "1001"]);
add("game --search-limit without --partition", [...BASE.game, "--search-limit", "5"]);
add("bound other task", ["bound", "ar", "--n", "8", "--state-bits", "3"]);
add("data unknown task", ["data", "sorting", "--n", "3"]);
add("data istree odd n", ["data", "istree", "--n", "9"]);
add("data ar retrieval", ["data", "ar", "--n", "4", "--mode", "retrieval"]);
add("data index --n 1e9", ["data", "index", "--n", "1e9"]);
add("census --search flip at n = 100000", ["census", "index", "--model", "ideal", "--state-bits", "8", "--n", "100000", "--search", "flip", "--samples", "2"]);
add("train without --task", ["train", "--n", "3", "--arch", "lstm", "--width", "2"]);
add("prove unknown claim", ["prove", "no-such-claim", "--model", "ideal", "--state-bits", "2", "--n", "3"]);
add("results on a non-sweep directory", BASE.results);
add("eval on a run without weights", BASE.eval);
add("sweep with an unknown grid key", BASE.sweep);

/** Every file and directory under a root (relative paths), to prove nothing was left. */
function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      out.push(relative(root, p));
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(root);
  return out.sort();
}

describe("bad inputs across every command", () => {
  it(`has at least 200 cases (it has ${cases.length}) and covers every command`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    for (const cmd of Object.keys(COMMAND_RULES)) expect(cases.some(([, argv]) => argv[0] === cmd), cmd).toBe(true);
  });

  it("each: exit 2, one line on stderr, no stack, nothing on stdout, no file left", async () => {
    const before = listing(scratch);
    const cwdBefore = readdirSync(process.cwd()).sort();
    const failures: string[] = [];
    for (const [why, argv] of cases) {
      const r = await cli(...argv);
      const problems = [];
      if (r.code !== 2) problems.push(`exit ${r.code}`);
      if (!/^streambound: [^\n]+\n$/.test(r.stderr.replace(/\x1b\[[0-9;]*m/g, ""))) problems.push(`stderr ${JSON.stringify(r.stderr.slice(0, 300))}`);
      if (/\n\s+at /.test(r.stderr)) problems.push("stack");
      if (r.stdout !== "") problems.push(`stdout ${JSON.stringify(r.stdout.slice(0, 100))}`);
      const after = listing(scratch);
      if (after.join("\n") !== before.join("\n")) {
        problems.push(`left ${after.filter((p) => !before.includes(p)).join(", ")}`);
        for (const p of after.filter((q) => !before.includes(q))) rmSync(join(scratch, p), { recursive: true, force: true });
      }
      if (problems.length) failures.push(`${why}: ${problems.join("; ")}`);
    }
    expect(readdirSync(process.cwd()).sort()).toEqual(cwdBefore);
    expect(failures).toEqual([]);
  });

  it("messages name the flag and its range or choices (samples)", async () => {
    const choice = await cli(...BASE.census, "--search", "zz");
    expect(choice.stderr).toContain("--search must be one of sample, flip (got 'zz')");
    const int = await cli("eval", "--run", fakeRun, "--size", "0");
    expect(int.stderr).toContain("--size takes a whole number from 1 to 100000000 (got '0')");
    const big = await cli("bound", "index", "--n", String(2n ** 60n), "--state-bits", "3");
    expect(big.stderr).toContain(`(got '${String(2n ** 60n)}')`);
    const resume = await cli("train", "--resume", fakeRun, "--width", "16", "--lr", "0.5");
    expect(resume.stderr).toMatch(/--width 16 \(the run has 3\), --lr 0\.5 \(the run has 0\.003\)/);
  });
});
