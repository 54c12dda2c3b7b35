import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { cli } from "../cli/helpers.js";

// Census and game documents captured from the build before Bob's readout scored only the
// answer tokens (StreamingModel.logitsFor): every byte must be the same.
const dir = new URL("./fixtures/readoutSubset/", import.meta.url);
const cases: { name: string; args: string[] }[] = JSON.parse(readFileSync(new URL("cases.json", dir), "utf8"));
const before: Record<string, string> = JSON.parse(readFileSync(new URL("before.json", dir), "utf8"));

describe("census and game with the answer-token readout, against documents captured before it", () => {
  for (const c of cases) {
    it(`${c.name}: byte-identical`, async () => {
      const r = await cli(...c.args);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(before[c.name]);
    });
  }
});
