import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkInDir, checkOutDir, checkOutFile, readUserJson, writeUserFile } from "../../src/cli/paths.js";
import { oneLineUserError as oneLine } from "../_helpers/userError.js";

const dir = mkdtempSync(join(tmpdir(), "sb-paths-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "a-file");
writeFileSync(file, "x");


describe("the one place that opens, reads and writes a user's path", () => {
  it("writes whole files, creating parents, replacing an existing file, leaving no temporary", () => {
    const p = join(dir, "new", "deep", "out.json");
    writeUserFile("--out", p, "one");
    writeUserFile("--out", p, "two");
    expect(readFileSync(p, "utf8")).toBe("two");
    expect(readdirSync(join(dir, "new", "deep"))).toEqual(["out.json"]);
  });

  it("a failed write leaves neither the temporary file nor the directories it created", () => {
    // the parents can be created, the file itself cannot (a name past NAME_MAX)
    const p = join(dir, "fresh", "sub", "x".repeat(300) + ".json");
    expect(oneLine(() => writeUserFile("--out", p, "data"))).toMatch(/ENAMETOOLONG/);
    expect(existsSync(join(dir, "fresh"))).toBe(false);
  });

  it("refuses a directory for a file, a file for a directory, a path under a file, an unwritable place", () => {
    mkdirSync(join(dir, "d"), { recursive: true });
    expect(oneLine(() => checkOutFile("--out", join(dir, "d")))).toMatch(/is a directory, expected a file path/);
    expect(oneLine(() => checkOutDir("--out", file))).toMatch(/is a regular file, expected a directory/);
    expect(oneLine(() => checkOutFile("--out", join(file, "x.json")))).toMatch(/is a regular file, so nothing can be created under it/);
    expect(oneLine(() => checkOutDir("--out", join(file, "run")))).toMatch(/is a regular file, so nothing can be created under it/);
    // /sys refuses even root, who passes every access() check
    expect(oneLine(() => checkOutFile("--out", "/sys/streambound-test.json"))).toMatch(/^--out \/sys\/streambound-test\.json: /);
    expect(oneLine(() => checkInDir("--run", join(dir, "nope")))).toMatch(/no such directory/);
    expect(oneLine(() => readUserJson("--grid", file))).toMatch(/not valid JSON/);
    expect(oneLine(() => readUserJson("--grid", join(dir, "d")))).toMatch(/is a directory, expected a file/);
    expect(readdirSync(dir).filter((f) => f.startsWith(".streambound-probe"))).toEqual([]);
  });
});
