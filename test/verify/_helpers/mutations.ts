/** One tampering of a certificate: where, what was done, and the tampered copy. */
export interface Mutation {
  path: (string | number)[];
  what: string;
  value: unknown;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function setAt(root: unknown, path: (string | number)[], f: (parent: any, key: string | number) => void): unknown {
  const copy = clone(root);
  let node: any = copy;
  for (const k of path.slice(0, -1)) node = node[k];
  f(node, path[path.length - 1]);
  return copy;
}

const OTHER_FORMATS = ["fp16", "fixed:3.6", "fixed:2.5", "bf16"];

/**
 * Every leaf tampering the issue lists: each bit of each bit string flipped, each number ±1,
 * each hex digest with one digit changed, other strings replaced, each field deleted, an
 * unknown field added to each object, and the format swapped for others.
 */
export function* mutations(cert: unknown): Generator<Mutation> {
  function* walk(node: unknown, path: (string | number)[]): Generator<Mutation> {
    if (Array.isArray(node)) {
      for (let k = 0; k < node.length; k++) yield* walk(node[k], [...path, k]);
      return;
    }
    if (node !== null && typeof node === "object") {
      for (const key of Object.keys(node)) {
        yield { path: [...path, key], what: "deleted", value: setAt(cert, [...path, key], (p, k) => delete p[k]) };
        yield* walk((node as Record<string, unknown>)[key], [...path, key]);
      }
      yield { path: [...path, "unexpected"], what: "unknown field added", value: setAt(cert, [...path, "unexpected"], (p, k) => (p[k] = 1)) };
      return;
    }
    if (typeof node === "number") {
      for (const d of [1, -1]) yield { path, what: `${d > 0 ? "+" : ""}${d}`, value: setAt(cert, path, (p, k) => (p[k] = node + d)) };
      return;
    }
    if (typeof node === "string") {
      if (/^[01]+$/.test(node) && path[path.length - 1] !== "claim") {
        for (let j = 0; j < node.length; j++) {
          const flipped = node.slice(0, j) + (node[j] === "0" ? "1" : "0") + node.slice(j + 1);
          yield { path, what: `bit ${j} flipped`, value: setAt(cert, path, (p, k) => (p[k] = flipped)) };
        }
        return;
      }
      if (/^[0-9a-f]{64}$/.test(node)) {
        const changed = (node[0] === "0" ? "1" : "0") + node.slice(1);
        yield { path, what: "one hex digit changed", value: setAt(cert, path, (p, k) => (p[k] = changed)) };
        return;
      }
      if (path[path.length - 1] === "format") {
        for (const f of OTHER_FORMATS.filter((f) => f !== node)) yield { path, what: `format → ${f}`, value: setAt(cert, path, (p, k) => (p[k] = f)) };
        return;
      }
      const other = node.length > 0 ? node.slice(0, -1) + (node.endsWith("A") ? "B" : "A") : "x";
      yield { path, what: "string changed", value: setAt(cert, path, (p, k) => (p[k] = other)) };
      return;
    }
    if (node === null) yield { path, what: "null → 0", value: setAt(cert, path, (p, k) => (p[k] = 0)) };
  }
  yield* walk(cert, []);
}
