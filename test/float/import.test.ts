import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { importCheckpoint } from "../../src/float/importCheckpoint.js";
import { pythonExecutable } from "../../src/float/pythonRuntime.js";
import { readSafetensors } from "../../src/models/weights/safetensors.js";
import { UserError } from "../../src/util/errors.js";

/**
 * `streambound import`: checkpoints with the exact state_dict names and shapes of mamba_ssm's
 * MambaLMHeadModel, Hugging Face's LlamaForCausalLM (also with grouped key/value heads and a
 * RoPE base of 500000) and rnn-icrag's hybrid, on random weights, built in the worker
 * (test/float/_python/import_fixtures.py). After the import, the twin's logits at every position
 * must equal a reference forward pass written from each library's own formulas at float64.
 */
const fixtures = fileURLToPath(new URL("./_python/import_fixtures.py", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "sb-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function python(args: string[]): unknown {
  return JSON.parse(
    execFileSync(pythonExecutable(), [fixtures, ...args], { encoding: "utf8", timeout: 120_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } }),
  );
}

interface Check {
  maxRelative: number;
  maxAbsOverScale: number;
  argmaxAgree: boolean;
  positions: number;
}

describeWith("torch", "import checkpoints of mamba_ssm, Hugging Face Llama and rnn-icrag", () => {
  const cases = { "mamba-ssm": "mamba-ssm", "hf-llama": "hf-llama", "hf-llama-gqa": "hf-llama", "rnn-icrag-hybrid": "rnn-icrag-hybrid" } as const;
  beforeAll(() => {
    python(["make", dir]);
    python(["broken", join(dir, "broken")]);
  }, 120_000);

  it("converts each into the twin it describes, with every option carried over", async () => {
    const expected: Record<string, Record<string, unknown>> = {
      "mamba-ssm": { vocabSize: 16, readoutBias: false, normEps: 1e-5, dState: 16, dConv: 4, expand: 2, dtRank: 1 },
      "hf-llama": { heads: 4, ffnSize: 24, normEps: 1e-6, ropeBase: 10000, readoutBias: false, positions: "rope" },
      "hf-llama-gqa": { heads: 4, ffnSize: 24, normEps: 1e-5, ropeBase: 500000 },
      "rnn-icrag-hybrid": { base: "mamba", heads: 4, ffnSize: 32, finalNormBeforeAttention: true, maskValue: -100, readoutBias: false, vocabSize: 32 },
    };
    const archs = { "mamba-ssm": "mamba", "hf-llama": "transformer", "hf-llama-gqa": "transformer", "rnn-icrag-hybrid": "hybrid" };
    for (const [name, from] of Object.entries(cases)) {
      const r = await importCheckpoint({
        checkpoint: join(dir, name),
        from,
        out: join(dir, name, "imported"),
        ...(name === "rnn-icrag-hybrid" ? { config: join(dir, name, "2m_hybrid.json") } : {}),
      });
      expect(r.architecture, name).toBe(archs[name as keyof typeof archs]);
      expect(r.config, name).toMatchObject(expected[name]);
      const spec = JSON.parse(readFileSync(r.spec, "utf8"));
      expect(spec.imported.from).toBe(from);
      expect(spec.config).toEqual(r.config);
      // the weights file is what src/models reads: metadata {architecture, config}, no head bias
      const file = readSafetensors(readFileSync(r.weights), r.weights);
      expect(file.metadata.architecture).toBe(r.architecture);
      expect(JSON.parse(file.metadata.config)).toEqual(r.config);
      expect(Object.keys(file.tensors)).not.toContain("readout.bias");
    }
    const mamba = JSON.parse(readFileSync(join(dir, "mamba-ssm", "imported", "spec.json"), "utf8"));
    expect(mamba.vocabulary).toEqual({ rows: 16, source: 13, padMultiple: 8 });
  }, 120_000);

  it("the imported twins reproduce each library's logits at every position at float64", () => {
    const checks = python(["check", dir]) as Record<string, Check> & { controls: Record<string, number> };
    for (const name of Object.keys(cases)) {
      expect(checks[name].maxAbsOverScale, name).toBeLessThan(1e-12);
      expect(checks[name].maxRelative, name).toBeLessThan(1e-9);
      expect(checks[name].argmaxAgree, name).toBe(true);
      expect(checks[name].positions, name).toBeGreaterThan(30);
    }
    // without the conversions (q/k permutation; norm_f before the attention layer) they do not
    for (const [what, off] of Object.entries(checks.controls)) expect(off, what).toBeGreaterThan(1e-3);
  }, 120_000);

  it("missing and unknown names, and a file that is not a state_dict, are one line each, leaving nothing", async () => {
    const attempts = [
      { checkpoint: join(dir, "broken", "missing"), from: "mamba-ssm", match: /missing backbone\.layers\.1\.mixer\.D/ },
      { checkpoint: join(dir, "broken", "unknown"), from: "hf-llama", match: /unknown model\.layers\.0\.self_attn\.q_proj\.bias, model\.layers\.1\.self_attn\.q_norm\.weight/ },
      { checkpoint: join(dir, "broken", "not-a-state-dict.pt"), from: "mamba-ssm", match: /not a state_dict/ },
      { checkpoint: join(dir, "hf-llama"), from: "mamba-ssm", match: /missing|no layers/ },
      { checkpoint: join(dir, "rnn-icrag-hybrid"), from: "rnn-icrag-hybrid", match: /num_attention_heads/ },
      { checkpoint: join(dir, "mamba-ssm"), from: "keras", match: /--from must be one of/ },
    ];
    for (const [k, a] of attempts.entries()) {
      const out = join(dir, `refused-${k}`);
      const err = await importCheckpoint({ checkpoint: a.checkpoint, from: a.from, out }).catch((e: unknown) => e);
      expect(err, a.checkpoint).toBeInstanceOf(UserError);
      expect((err as Error).message, a.checkpoint).toMatch(a.match);
      expect((err as Error).message).not.toContain("\n");
      expect(existsSync(out)).toBe(false);
    }
    expect(execFileSync("ls", ["-a", dir], { encoding: "utf8" })).not.toMatch(/\.import-/);
  }, 120_000);
});
