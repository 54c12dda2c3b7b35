/**
 * One-way protocols, named as in the Lean 4 development of communication complexity
 * (mihirsinghal/communication-complexity-lean): Alice sends a message computed from x alone,
 * Bob decodes it together with y.
 */
export interface OneWayProtocol<X, Y, M, Z> {
  send(x: X): M;
  decode(message: M, y: Y): Z;
}

/** Cost in bits of a protocol whose messages are bit strings: ⌈log₂ |messages|⌉ over the given inputs. */
export function cost<X>(p: OneWayProtocol<X, unknown, string, unknown>, inputs: Iterable<X>): number {
  const messages = new Set<string>();
  for (const x of inputs) messages.add(p.send(x));
  return messages.size <= 1 ? 0 : Math.ceil(Math.log2(messages.size));
}

/** A counterexample to `computes`: the first (x, y) where the protocol's answer is not f(x, y). */
export function firstError<X, Y, M, Z>(
  p: OneWayProtocol<X, Y, M, Z>,
  f: (x: X, y: Y) => Z,
  xs: Iterable<X>,
  ys: readonly Y[],
): { x: X; y: Y; got: Z; want: Z } | null {
  for (const x of xs) {
    const m = p.send(x);
    for (const y of ys) {
      const got = p.decode(m, y);
      const want = f(x, y);
      if (got !== want) return { x, y, got, want };
    }
  }
  return null;
}

/** `computes p f`: decode(send(x), y) = f(x, y) for all the given inputs. */
export function computes<X, Y, M, Z>(
  p: OneWayProtocol<X, Y, M, Z>,
  f: (x: X, y: Y) => Z,
  xs: Iterable<X>,
  ys: readonly Y[],
): boolean {
  return firstError(p, f, xs, ys) === null;
}
