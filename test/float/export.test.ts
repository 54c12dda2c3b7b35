import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { runData } from "../../src/cli/commands/data.js";
import { exportRnnIcrag } from "../../src/float/exportRnnIcrag.js";
import { pythonExecutable } from "../../src/float/pythonRuntime.js";
import { ISTREE_SPECIAL_TOKENS } from "../../src/tasks/istreeVocabulary.js";
import { UserError } from "../../src/util/errors.js";

/**
 * `data istree … --export rnn-icrag --out DIR`, read back in the worker the way rnn-icrag's
 * IsTreeDataset.load reads it (test/float/_python/export_readback.py), every field checked.
 */
const dir = mkdtempSync(join(tmpdir(), "sb-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const readback = fileURLToPath(new URL("./_python/export_readback.py", import.meta.url));

interface Split {
  keys: string[];
  dtypes: string[];
  shape: number[];
  inputIds: number[][];
  attentionMask: number[][];
  labels: number[][];
  officialLabelsEqual: boolean;
  padAfterEnd: boolean;
  metadata: Record<string, unknown>;
  vocab: Record<string, number>;
  vocabInvRoundTrip: boolean;
  specialIds: number[];
}

describeWith("torch", "rnn-icrag export", () => {
  for (const mode of ["retrieval", "cot", "direct"] as const) {
    it(`istree n=8 ${mode}: tensor_data.pt and metadata.json in DIR and DIR/val, as the official trainer reads them`, async () => {
      const out = join(dir, mode);
      const r = await exportRnnIcrag({ task: "istree", n: 8, count: 12, valCount: 5, seed: 3, mode, out });
      expect(r.nVocab).toBe(8 + 17);
      const back = JSON.parse(execFileSync(pythonExecutable(), [readback, out], { encoding: "utf8", timeout: 60_000 })) as { train: Split; val: Split };
      const ours = runData({ task: "istree", n: 8, count: 12, seed: 3, mode });
      for (const [name, s, count] of [["train", back.train, 12], ["val", back.val, 5]] as const) {
        expect(s.keys, name).toEqual(["attention_mask", "input_ids", "labels"]);
        expect(s.dtypes, name).toEqual(["torch.int64"]);
        expect(s.shape[0], name).toBe(count);
        expect(s.officialLabelsEqual, name).toBe(true);
        expect(s.padAfterEnd, name).toBe(true);
        expect(s.vocabInvRoundTrip, name).toBe(true);
        expect(s.specialIds, name).toEqual([4, 11, 5]);
        expect(s.vocab["[IGNORE]"]).toBe(-100);
        ISTREE_SPECIAL_TOKENS.forEach((w, i) => expect(s.vocab[w]).toBe(i));
        for (let v = 0; v <= 8; v++) expect(s.vocab[String(v)]).toBe(16 + v);
        expect(s.metadata).toMatchObject({
          n_vocab: 25,
          graph_type: "binary",
          n_nodes: 8,
          n_samples: count,
          use_cot: mode === "cot" || (mode === "retrieval" && name === "val"),
        });
        const padLen = Math.max(...s.attentionMask.map((m) => m.reduce((a, b) => a + b, 0)));
        expect(s.shape[1], name).toBe(padLen);
      }
      // training row k is `data`'s instance k: the tokens, then [PAD]; labels where supervised
      ours.instances.forEach((inst, k) => {
        const L = inst.tokens.length;
        expect(back.train.inputIds[k].slice(0, L)).toEqual(inst.tokens);
        expect(back.train.attentionMask[k]).toEqual([...Array(L).fill(1), ...Array(back.train.shape[1] - L).fill(0)]);
        expect(back.train.labels[k].slice(0, L)).toEqual(inst.tokens.map((t, j) => (inst.supervised[j] ? t : -100)));
        expect(back.train.labels[k].slice(L).every((x) => x === -100)).toBe(true);
      });
      // validation comes from its own stream
      expect(back.val.inputIds[0]).not.toEqual(back.train.inputIds[0]);
    }, 120_000);
  }

  it("other tasks and an occupied --out are one-line user errors, writing nothing", async () => {
    const out = join(dir, "refused");
    for (const task of ["index", "istree"]) {
      const target = task === "istree" ? join(dir, "retrieval") : out;
      const err = await exportRnnIcrag({ task, n: 8, count: 2, valCount: 2, seed: 1, mode: "direct", out: target }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).not.toContain("\n");
    }
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
