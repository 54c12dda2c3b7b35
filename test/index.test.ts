import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import * as testing from "../src/testing/index.js";

// Pins the public API: a rename or removal shows up here as a reviewed snapshot change.
describe("public API", () => {
  it("src/index.ts exports these names", () => {
    expect(Object.keys(api).sort()).toMatchSnapshot();
  });
  it("streambound/testing exports these names", () => {
    expect(Object.keys(testing).sort()).toMatchSnapshot();
  });
  it("the package's exports map points at the built entry points", async () => {
    const pkg = (await import("../package.json", { with: { type: "json" } })).default;
    expect(pkg.exports["."].import).toBe("./dist/src/index.js");
    expect(pkg.exports["./testing"].import).toBe("./dist/src/testing/index.js");
    expect(pkg.bin.streambound).toBe("bin/streambound.js");
  });
});
