/**
 * A number format, as data plus the correctly rounded operations over it.
 *
 * Values are carried as JS doubles that are exactly representable in the format (every
 * format here with ≤ 53 significand bits and a double's exponent range embeds in binary64).
 * Every operation takes representable values and returns the representable value that the
 * format's rounding (round half to even) gives for the exact real result, then applies the
 * format's overflow policy. See docs/formats.md.
 */
/**
 * What a result too large for the format becomes: clamp to ±maxFinite, ±infinity (IEEE), NaN
 * (what PyTorch's cast to float8_e4m3fn does), or a RangeError naming the operation.
 */
export type OverflowPolicy = "saturate" | "inf" | "nan" | "error";
export type InfNanStyle = "ieee" | "fn";

export interface FixedSpec {
  readonly kind: "fixed";
  /** integer bits, sign included: values k·2^−F with −2^(I+F−1) ≤ k < 2^(I+F−1) */
  readonly intBits: number;
  readonly fracBits: number;
  readonly overflow: OverflowPolicy;
}

export interface FloatSpec {
  readonly kind: "float";
  readonly expBits: number;
  /** stored (explicit) mantissa bits; precision p = mantBits + 1 */
  readonly mantBits: number;
  readonly bias: number;
  readonly subnormals: boolean;
  /** `ieee`: top exponent is inf/NaN; `fn`: no infinities, only all-ones is NaN (float8_e4m3fn) */
  readonly infNan: InfNanStyle;
  readonly overflow: OverflowPolicy;
}

/** The host double: IEEE binary64, no rounding beyond what the host does. */
export interface HostSpec {
  readonly kind: "host";
}

export type FormatSpec = FixedSpec | FloatSpec | HostSpec;

/** How sums and dot products accumulate (see docs/formats.md). */
export type Accumulation = "sequential" | "exact";

export interface Format {
  /** Canonical name: a preset (`fp16`) or `fixed:I.F` / `float:E.M`. Parsing it gives this format back. */
  readonly name: string;
  readonly spec: FormatSpec;
  /** Storage bits of one value; a state of k scalars costs k·bits bits. */
  readonly bits: number;
  /** Largest finite value. */
  readonly maxFinite: number;
  /** Smallest positive value. */
  readonly minPositive: number;

  /** Correctly round an exact double to the format (then the overflow policy). */
  round(x: number): number;
  /** True when x is a value of the format (NaN/inf included where the format has them). */
  isValue(x: number): boolean;

  add(a: number, b: number): number;
  sub(a: number, b: number): number;
  mul(a: number, b: number): number;
  div(a: number, b: number): number;
  sqrt(a: number): number;
  neg(a: number): number;
  /** 1/√a (IEEE rSqrt domain: ±0 → ±∞, +∞ → +0, negative → NaN; see docs/formats.md). */
  rsqrt(a: number): number;

  exp(a: number): number;
  /** e^a − 1, correctly rounded as one function (no cancellation near 0). */
  expm1(a: number): number;
  log(a: number): number;
  tanh(a: number): number;
  sigmoid(a: number): number;
  /** PyTorch's softplus, threshold 20: a > 20 ? a : log(1 + e^a). */
  softplus(a: number): number;
  silu(a: number): number;
  /** ELU with α = 1: a > 0 ? a : expm1(a). */
  elu(a: number): number;
  /** sin and cos with exact argument reduction (any finite argument). */
  sin(a: number): number;
  cos(a: number): number;

  /**
   * Σ_k a[k]·b[k] in the documented order: start from `init` (default 0), then for k = 0, 1, …
   * acc = round(acc + round(a[k]·b[k])) with `sequential`; with `exact`, the whole sum is
   * computed exactly and rounded once.
   */
  dot(a: ArrayLike<number>, b: ArrayLike<number>, init?: number, mode?: Accumulation): number;
  /** Left-to-right sum, rounding after every addition (or once, with `exact`). */
  sum(xs: ArrayLike<number>, mode?: Accumulation): number;

  /** Bit pattern of a value, as an unsigned integer < 2^bits (bigint when bits > 32). */
  encode(x: number): number | bigint;
  decode(code: number | bigint): number;
}
