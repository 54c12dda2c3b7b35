import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { createLstm, weightsToBytes } from "../../src/models/recurrentIndex.js";
import { weightsFromBytes } from "../../src/models/weights/load.js";
import { hostFormat } from "../../src/numeric/hostFormat.js";
import { PersistentWorker } from "../../src/float/workerProcess.js";
import { UserError } from "../../src/util/errors.js";
import { Rng } from "../../src/util/rng.js";

/**
 * The weights fuzz of issue 11: ≥ 500 mutated JSON and safetensors weights files. Each is either
 * refused with one line (a UserError: exit 2 in the CLI) or accepted under a documented rule:
 *   - a flip inside the tensor data region of a safetensors file (another finite value, or a
 *     non-finite one, which is refused) or inside the header's trailing space padding is accepted
 *     when the file still parses: the bytes are a valid file with other weights;
 *   - a finite F64 value beyond float32's range is accepted and clamped to ±max (both loaders);
 *   - a JSON text flip or edit that leaves a valid weights document is accepted.
 * Never a bug (any other error), never a hang. The same safetensors files then go through ONE
 * persistent PyTorch worker: each is a `done` or a user error, and every file the TypeScript
 * loader accepts, the worker accepts too.
 */

const dir = mkdtempSync(join(tmpdir(), "sb-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const model = createLstm({ width: 3, layers: 1, vocabSize: 4, format: hostFormat(), seed: 5 });
const baseST = weightsToBytes(model, "safetensors").bytes;
const baseJSON = new TextDecoder().decode(weightsToBytes(model, "json").bytes);

interface Mutant {
  readonly family: string;
  readonly kind: "json" | "safetensors";
  readonly bytes: Uint8Array;
  /** True when the documented rules allow acceptance. */
  readonly mayAccept: boolean;
}

function splitST(b: Uint8Array): { header: Record<string, any>; headerLen: number; data: Uint8Array } {
  const n = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
  return { header: JSON.parse(new TextDecoder().decode(b.subarray(8, 8 + n))), headerLen: n, data: b.subarray(8 + n) };
}

function joinST(header: unknown, data: Uint8Array, rawHeader?: string): Uint8Array {
  const h = new TextEncoder().encode(rawHeader ?? JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

function mutants(): Mutant[] {
  const rng = new Rng(20261201);
  const out: Mutant[] = [];
  const st = (family: string, bytes: Uint8Array, mayAccept = false) => out.push({ family, kind: "safetensors", bytes, mayAccept });
  const js = (family: string, text: string, mayAccept = false) => out.push({ family, kind: "json", bytes: new TextEncoder().encode(text), mayAccept });
  const { header, headerLen, data } = splitST(baseST);
  const names = Object.keys(header).filter((k) => k !== "__metadata__");
  const pick = <T,>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)];
  const withHeader = (edit: (h: Record<string, any>) => void) => {
    const h = structuredClone(header);
    edit(h);
    return joinST(h, data);
  };

  for (let k = 0; k < 60; k++) st("truncated", baseST.slice(0, rng.int(0, baseST.length - 1)));
  for (let k = 0; k < 100; k++) {
    const b = baseST.slice();
    let allInData = true;
    for (let f = rng.int(1, 4); f > 0; f--) {
      const at = rng.int(0, b.length - 1);
      b[at] ^= 1 << rng.int(0, 7);
      const inPadding = at >= 8 && at < 8 + headerLen && /\s/.test(String.fromCharCode(baseST[at])) && at > 8 + headerLen - 8;
      if (at < 8 + headerLen && !inPadding) allInData = false;
    }
    st("byte flips", b, allInData);
  }
  for (let k = 0; k < 40; k++) {
    const name = pick(names);
    const dtype = pick(["F16", "BF16", "F32", "I32", "U8", "BOOL", "X", 5, null, "f64"]);
    st(`dtype ${String(dtype)}`, withHeader((h) => void (h[name].dtype = dtype)));
  }
  for (let k = 0; k < 40; k++) {
    const name = pick(names);
    const edit = pick(["double", "drop", "add", "negative", "string", "float", "empty"]);
    st(`shape ${edit}`, withHeader((h) => {
      const s: any[] = h[name].shape;
      if (edit === "double") s[0] *= 2;
      if (edit === "drop") s.pop();
      if (edit === "add") s.push(1);
      if (edit === "negative") s[0] = -s[0];
      if (edit === "string") s[0] = String(s[0]);
      if (edit === "float") s[0] = s[0] + 0.5;
      if (edit === "empty") h[name].shape = [];
    }));
  }
  for (let k = 0; k < 30; k++) {
    const name = pick(names);
    const edit = pick(["rename", "delete", "extra", "case"]);
    st(`name ${edit}`, withHeader((h) => {
      if (edit === "rename") {
        h[`${name}_x`] = h[name];
        delete h[name];
      }
      if (edit === "delete") delete h[name];
      if (edit === "extra") h["extra.weight"] = { ...h[name] };
      if (edit === "case") {
        h[name.toUpperCase()] = h[name];
        delete h[name];
      }
    }));
  }
  for (let k = 0; k < 30; k++) {
    const name = pick(names);
    const edit = pick(["swap", "negative", "beyond", "float", "single", "string"]);
    st(`offsets ${edit}`, withHeader((h) => {
      const o: any[] = h[name].data_offsets;
      if (edit === "swap") h[name].data_offsets = [o[1], o[0]];
      if (edit === "negative") h[name].data_offsets = [-8, o[1] - 8];
      if (edit === "beyond") h[name].data_offsets = [o[0] + data.length, o[1] + data.length];
      if (edit === "float") h[name].data_offsets = [o[0] + 0.5, o[1] + 0.5];
      if (edit === "single") h[name].data_offsets = [o[0]];
      if (edit === "string") h[name].data_offsets = "0-8";
    }));
  }
  const config = JSON.parse(header.__metadata__.config);
  const configEdits: [string, (c: any) => void][] = [
    ["width 3.0", (c) => (c.width = "3.0")],
    ["width 3.5", (c) => (c.width = 3.5)],
    ["width '3'", (c) => (c.width = "3")],
    ["width true", (c) => (c.width = true)],
    ["width 1e400", (c) => (c.width = "1e400")],
    ["width -1", (c) => (c.width = -1)],
    ["width 0", (c) => (c.width = 0)],
    ["width null", (c) => (c.width = null)],
    ["vocabSize 4e0", (c) => (c.vocabSize = "4e0")],
    ["layers 1.0", (c) => (c.layers = "1.0")],
    ["format fp7", (c) => (c.format = "fp7")],
    ["format 5", (c) => (c.format = 5)],
    ["unknown key", (c) => (c.colour = "red")],
    ["no width", (c) => delete c.width],
  ];
  for (const [label, edit] of configEdits) {
    const c = structuredClone(config);
    edit(c);
    // "3.0" and friends are written as raw number text, the way a hand-edited file has them
    const text = JSON.stringify(c).replace(/"(3\.0|1e400|4e0|1\.0)"/g, "$1");
    for (const kind of ["safetensors", "json"] as const) {
      if (kind === "safetensors") st(`config ${label}`, withHeader((h) => void (h.__metadata__.config = text)));
      else js(`config ${label}`, baseJSON.replace(/"config": \{[^}]*\}/, `"config": ${text}`));
    }
  }
  const metaEdits: [string, (m: any) => void][] = [
    ["no architecture", (m) => delete m.architecture],
    ["no config", (m) => delete m.config],
    ["architecture gpt", (m) => (m.architecture = "gpt")],
    ["architecture gru", (m) => (m.architecture = "gru")],
    ["extra metadata key", (m) => (m.note = "hi")],
    ["config not JSON", (m) => (m.config = "{width")],
    ["config array", (m) => (m.config = "[1]")],
    ["config null", (m) => (m.config = "null")],
    ["metadata number", (m) => (m.config = 5)],
  ];
  for (const [label, edit] of metaEdits) for (let k = 0; k < 2; k++) st(`metadata ${label}`, withHeader((h) => edit(h.__metadata__)));
  st("metadata not an object", withHeader((h) => (h.__metadata__ = [1])));
  st("header not an object", joinST(null, data, "[1,2,3]"));
  st("header not JSON", joinST(null, data, "{\"a\":"));
  for (let k = 0; k < 20; k++) {
    const b = baseST.slice();
    new DataView(b.buffer).setBigUint64(0, BigInt(pick([0, 1, headerLen - 1, headerLen + 1, b.length, 2 ** 40, 2 ** 63])), true);
    st("header length", b);
  }
  // values: non-finite are refused; finite beyond float32 is accepted and clamped
  for (let k = 0; k < 40; k++) {
    const v = pick([NaN, Infinity, -Infinity, 1e300, -1e300, 3.5e38, Number.MAX_VALUE]);
    const d = data.slice();
    new DataView(d.buffer).setFloat64(8 * rng.int(0, data.length / 8 - 1), v, true);
    st(`value ${v}`, joinST(header, d), Number.isFinite(v));
  }

  // JSON weights files
  for (let k = 0; k < 50; k++) js("json truncated", baseJSON.slice(0, rng.int(0, baseJSON.length - 1)));
  for (let k = 0; k < 40; k++) {
    const chars = [...baseJSON];
    const at = rng.int(0, chars.length - 1);
    chars[at] = pick(["0", "9", "-", ".", "e", ",", "]", "}", '"', " ", "x", "\u0000"]);
    js("json char flip", chars.join(""), true);
  }
  const jsonEdits: [string, (t: string) => string][] = [
    ["shape grows", (t) => t.replace(/"shape": \[(\d+)/, (_m, d) => `"shape": [${Number(d) + 1}`)],
    ["shape 3.0", (t) => t.replace(/"shape": \[(\d+)/, (_m, d) => `"shape": [${d}.0`)],
    ["data short", (t) => t.replace(/, ([-0-9.e]+)\]\}/, "]}")],
    ["NaN value", (t) => t.replace(/"data": \[([-0-9.e]+)/, '"data": [NaN')],
    ["Infinity value", (t) => t.replace(/"data": \[([-0-9.e]+)/, '"data": [Infinity')],
    ["1e400 value", (t) => t.replace(/"data": \[([-0-9.e]+)/, '"data": [1e400')],
    ["string value", (t) => t.replace(/"data": \[([-0-9.e]+)/, '"data": ["1"')],
    ["architecture elman", (t) => t.replace('"architecture": "lstm"', '"architecture": "elman"')],
    ["extra top-level key", (t) => t.replace("{\n", '{\n  "note": 1,\n')],
    ["tensors array", (t) => t.replace(/"tensors": \{[\s\S]*\}\n\}/, '"tensors": []\n}')],
    ["1e300 value", (t) => t.replace(/"data": \[([-0-9.e]+)/, '"data": [1e300')],
  ];
  for (const [label, edit] of jsonEdits) for (let k = 0; k < 2; k++) js(`json ${label}`, edit(baseJSON), label === "1e300 value");
  return out;
}

const all = mutants();
type Outcome = { ok: true } | { ok: false; message: string };

function loadInProcess(m: Mutant): Outcome {
  try {
    weightsFromBytes(m.bytes, `fuzz.${m.kind}`, { format: hostFormat(), architecture: "lstm", kind: m.kind });
    return { ok: true };
  } catch (e) {
    if (!(e instanceof UserError)) throw new Error(`${m.family}: not a UserError: ${(e as Error).stack}`);
    return { ok: false, message: e.message };
  }
}

describe("weights fuzz, in-process loader", () => {
  it(`has at least 500 mutated files (it has ${all.length}: ${all.filter((m) => m.kind === "json").length} JSON)`, () => {
    expect(all.length).toBeGreaterThanOrEqual(500);
  });

  it("each is refused in one line or accepted under a documented rule", () => {
    const undocumented: string[] = [];
    let accepted = 0;
    for (const m of all) {
      const r = loadInProcess(m);
      if (r.ok) {
        accepted++;
        if (!m.mayAccept) undocumented.push(m.family);
      } else expect(r.message, m.family).not.toContain("\n");
    }
    expect(undocumented).toEqual([]);
    expect(accepted).toBeGreaterThan(0);
  });

  it("through the CLI (census --weights, every third file): exit 2 with one line for each refused file, 0 for each accepted one", async () => {
    const { cli } = await import("../cli/helpers.js");
    const bad: string[] = [];
    for (const [k, m] of all.entries()) {
      if (k % 3 !== 0) continue; // the in-process loader sees every file; the CLI maps its UserError to exit 2
      const path = join(dir, `cli${k}.${m.kind}`);
      writeFileSync(path, m.bytes);
      const r = await cli("census", "index", "--model", "lstm", "--weights", path, "--n", "2", "--no-float-check");
      const accepted = loadInProcess(m).ok;
      const oneLine = /^streambound: [^\n]+\n$/.test(r.stderr.replace(/\x1b\[[0-9;]*m/g, ""));
      if (accepted ? r.code !== 0 : r.code !== 2 || !oneLine) bad.push(`${m.family}: exit ${r.code} ${r.stderr.slice(0, 120)}`);
    }
    expect(bad).toEqual([]);
  });

  it("integers must be integers, and config.format must be a format", () => {
    for (const label of ["width 3.0", "vocabSize 4e0", "layers 1.0", "format fp7"]) {
      for (const m of all.filter((x) => x.family === `config ${label}`)) {
        const r = loadInProcess(m);
        expect(r.ok, `${m.kind} ${label}`).toBe(false);
      }
    }
  });
});

describeWith("torch", "weights fuzz, one persistent PyTorch worker", () => {
  it("every safetensors mutant: done or a one-line user error; the worker accepts what TypeScript accepts", async () => {
    const worker = new PersistentWorker();
    const started = Date.now();
    const disagreements: string[] = [];
    let pythonAccepted = 0;
    let count = 0;
    try {
      for (const [k, m] of all.entries()) {
        if (m.kind !== "safetensors") continue;
        count++;
        const path = join(dir, `m${k}.safetensors`);
        writeFileSync(path, m.bytes);
        const ts = loadInProcess(m);
        const py = await worker
          .request({ command: "logits", weights: path, sequences: [[0, 1, 2]], dtype: "float32", device: "cpu", threads: 1, expectArchitecture: "lstm" })
          .then(
            (done) => {
              expect((done.logits as number[][])[0]).toHaveLength(4);
              return { ok: true } as Outcome;
            },
            (e: Error) => {
              if (!(e instanceof UserError)) throw new Error(`${m.family}: worker gave a non-user error: ${e.message}`);
              expect(e.message).not.toContain("\n");
              return { ok: false, message: e.message } as Outcome;
            },
          );
        if (py.ok) pythonAccepted++;
        if (ts.ok && !py.ok) disagreements.push(`${m.family}: TypeScript accepts, worker refuses: ${py.message}`);
        // the integer rule holds on both sides
        if (/config (width 3\.0|vocabSize 4e0|layers 1\.0)/.test(m.family)) expect(py.ok, m.family).toBe(false);
      }
    } finally {
      await worker.close();
    }
    expect(count).toBeGreaterThan(300);
    expect(disagreements).toEqual([]);
    expect(pythonAccepted).toBeGreaterThan(0);
    // one torch start-up, not hundreds
    expect(Date.now() - started).toBeLessThan(100_000);
  });

  it("non-finite floats travel through the protocol (a float32 overflow no longer kills the CLI)", async () => {
    const worker = new PersistentWorker();
    try {
      const { header, data } = splitST(baseST);
      const d = data.slice();
      // readout weights 1e300 and biases [1e300, 1e300, −1e300, −1e300] (F64), clamped to float32's
      // ±max: logit v is max·(Σh ± 1), so for Σh ≠ 0 some logit overflows to ±Infinity in float32;
      // it must arrive as a number, not kill the CLI with "not JSON"
      const view = new DataView(d.buffer);
      const [wb, we] = header["readout.weight"].data_offsets;
      for (let at = wb; at < we; at += 8) view.setFloat64(at, 1e300, true);
      const [bb] = header["readout.bias"].data_offsets;
      [1e300, 1e300, -1e300, -1e300].forEach((v, k) => view.setFloat64(bb + 8 * k, v, true));
      const path = join(dir, "huge.safetensors");
      writeFileSync(path, joinST(header, d));
      const done = await worker.request({ command: "logits", weights: path, sequences: [[0, 1]], dtype: "float32", device: "cpu" });
      const logits = (done.logits as number[][])[0];
      expect(logits).toHaveLength(4);
      expect(logits.every((v) => typeof v === "number")).toBe(true);
      expect(logits.some((v) => !Number.isFinite(v))).toBe(true);
    } finally {
      await worker.close();
    }
  });
});
