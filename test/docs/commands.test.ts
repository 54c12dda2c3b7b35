import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { main } from "../../src/cli/main.js";
import { memoryIO } from "../../src/cli/io.js";

/**
 * Every command quoted in README.md and docs/*.md runs as written (docs/cli.md, "Commands in the
 * docs are tested"). Picked up automatically: each line of a ```sh block that starts with
 * `npx streambound` (a line may chain several with `&&`). A trailing comment steers the test:
 *   # docs-test: skip (why)            exempt: GPU-only, paper-scale or long
 *   # docs-test: --flag value …        run with these flags replaced (tiny sizes); the docs keep the real ones
 * Any other trailing `# …` is a comment for the reader. Commands of one file run in order in one
 * scratch directory (so `prove --out cert.json` then `verify cert.json` works), with the repo's
 * examples/ linked in. From a file's first command that needs PyTorch on (train, eval, sweep,
 * results, or --weights of a .safetensors file), the rest of that file needs torch.
 */

const root = resolve(import.meta.dirname, "../..");
const MARK = "# docs-test:";
const SLOW_MS = 60_000;

export interface DocCommand {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly argv: string[];
  readonly skip: string | null;
  readonly torch: boolean;
}

/** Shell words of a command line: whitespace-separated, with '…' and "…" quoting. */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | null = null;
  let any = false;
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur !== "" || any) out.push(cur);
      cur = "";
      any = false;
    } else cur += ch;
  }
  if (quote) throw new Error(`unbalanced quote in: ${s}`);
  if (cur !== "" || any) out.push(cur);
  return out;
}

/**
 * argv with each `--flag value` (or bare `--flag`) of the override put in place of the original;
 * a flag argv lacks is added only when `add` (a line with one command; in a chain, each command
 * takes only the flags it already has).
 */
export function withOverrides(argv: string[], override: string[], add = true): string[] {
  const out = [...argv];
  for (let k = 0; k < override.length; k++) {
    const flag = override[k];
    const value = k + 1 < override.length && !override[k + 1].startsWith("--") ? override[++k] : undefined;
    const at = out.indexOf(flag);
    if (at >= 0) {
      const hasValue = at + 1 < out.length && !out[at + 1].startsWith("--");
      out.splice(at, hasValue ? 2 : 1, ...(value === undefined ? [flag] : [flag, value]));
    } else if (add) out.push(...(value === undefined ? [flag] : [flag, value]));
  }
  return out;
}

const needsTorch = (argv: string[]) =>
  ["train", "eval", "sweep", "results"].includes(argv[0]) || argv.some((a, k) => argv[k - 1] === "--weights" && a.endsWith(".safetensors"));

export function docCommands(file: string, text: string): DocCommand[] {
  const out: DocCommand[] = [];
  const lines = text.split("\n");
  let inSh = false;
  let torch = false;
  lines.forEach((raw, k) => {
    const fence = /^\s*```(\w*)/.exec(raw);
    if (fence) {
      inSh = !inSh && fence[1] === "sh";
      return;
    }
    if (!inSh) return;
    const mark = raw.indexOf(MARK);
    const directive = mark >= 0 ? raw.slice(mark + MARK.length).trim() : "";
    const code = (mark >= 0 ? raw.slice(0, mark) : raw).replace(/\s#(?!\S*docs-test).*$/, "").trim();
    const skip = /^skip\b/.test(directive) ? directive.replace(/^skip\s*/, "") || "exempt" : null;
    const override = skip === null && directive !== "" ? shellWords(directive) : [];
    const parts = code.split("&&").map((p) => p.trim()).filter((p) => p.startsWith("npx streambound"));
    for (const part of parts) {
      const argv = withOverrides(shellWords(part).slice(2), override, parts.length === 1);
      torch ||= needsTorch(argv);
      out.push({ file, line: k + 1, text: part, argv, skip, torch });
    }
  });
  return out;
}

const files = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
const byFile = files.map((f) => ({ file: f, commands: docCommands(f, readFileSync(join(root, f), "utf8")) })).filter((f) => f.commands.length > 0);

describe("the docs-test markers", () => {
  it("parse commands, skips and tiny-size overrides", () => {
    const cmds = docCommands("x.md", [
      "```sh",
      "npm install && npx streambound demo    # install and run",
      "npx streambound census index --model ideal --state-bits 3 --n 1..18   # docs-test: --n 1..4",
      "npx streambound train --task index --device cuda # docs-test: skip (GPU only)",
      "npx streambound verify 'a b.json'",
      "```",
      "npx streambound not-in-a-block",
    ].join("\n"));
    expect(cmds.map((c) => c.argv)).toEqual([
      ["demo"],
      ["census", "index", "--model", "ideal", "--state-bits", "3", "--n", "1..4"],
      ["train", "--task", "index", "--device", "cuda"],
      ["verify", "a b.json"],
    ]);
    expect(cmds.map((c) => c.skip)).toEqual([null, null, "(GPU only)", null]);
    expect(cmds.map((c) => c.torch)).toEqual([false, false, true, true]);
  });

  it("finds the README's commands", () => {
    const readme = byFile.find((f) => f.file === "README.md");
    expect(readme?.commands.length).toBeGreaterThan(10);
  });
});

async function runDocCommand(c: DocCommand, cwd: string): Promise<void> {
  const io = memoryIO();
  const before = process.cwd();
  const started = Date.now();
  process.chdir(cwd);
  let code: number;
  try {
    code = await main(c.argv, io);
  } finally {
    process.chdir(before);
  }
  const ms = Date.now() - started;
  expect(code, `${c.file}:${c.line} \`${c.text}\` → exit ${code}: ${io.stderr.slice(0, 400)}`).toBe(0);
  expect(io.stdout.length, `${c.file}:${c.line} printed nothing`).toBeGreaterThan(0);
  expect(ms, `${c.file}:${c.line} took ${ms} ms: add a '# docs-test: --flag value' override with tiny sizes, or '# docs-test: skip (why)'`).toBeLessThan(SLOW_MS);
}

for (const { file, commands } of byFile) {
  const scratch = mkdtempSync(join(tmpdir(), "sb-docs-"));
  symlinkSync(join(root, "examples"), join(scratch, "examples"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const body = (cs: DocCommand[]) => () => {
    for (const c of cs) {
      const title = `${c.file}:${c.line} ${c.text}`;
      if (c.skip !== null) it.skip(`${title} [exempt: ${c.skip}]`, () => undefined);
      else it(title, () => runDocCommand(c, scratch), SLOW_MS * 2);
    }
  };
  const plain = commands.filter((c) => !c.torch);
  const torch = commands.filter((c) => c.torch);
  if (plain.length) describe(`commands in ${file}`, body(plain));
  if (torch.length) describeWith("torch", `commands in ${file} that train or evaluate with PyTorch`, body(torch));
}
