import { expect } from "vitest";
import { UserError } from "../../src/util/errors.js";

/** Runs f, which must throw a one-line UserError; returns its message. */
export function oneLineUserError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).not.toContain("\n");
    return (e as Error).message;
  }
  throw new Error("expected a UserError");
}
