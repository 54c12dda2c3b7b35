// Exhaustive search behind dyck-rnn (docs/constructions.md): a width-3 GRU whose threshold
// gates run the 8-state Dyck-(2,2) automaton, with the states coded in {0,1}³ and ε = 000.
// Unit k: h'_k = z ? h_k : n, z = [w_z·h + c_z(t) > 0], r = [w_r·h + c_r(t) > 0],
// n = sign(a(t) + r·(w_n·h + b_n)); n must never be −1 (the codes hold only 0 and 1).
// Prints every assignment of states to codes for which all three units have gates.
const STATES = ["ε", "(", "[", "((", "([", "[(", "[[", "R"];
const SYMBOLS = ["(", ")", "[", "]"];
function next(s, t) {
  if (s === "R") return "R";
  const stack = s === "ε" ? "" : s;
  if (t === "(" || t === "[") return stack.length === 2 ? "R" : stack + t;
  const open = t === ")" ? "(" : "[";
  if (stack === "" || stack[stack.length - 1] !== open) return "R";
  return stack.slice(0, -1) || "ε";
}
const delta = SYMBOLS.map((t) => STATES.map((s) => STATES.indexOf(next(s, t))));
const CODES = 8;
const small = [];
for (let a = -1; a <= 1; a++) for (let b = -1; b <= 1; b++) for (let c = -1; c <= 1; c++) small.push([a, b, c]);
const dot = (w, c) => w[0] * (c & 1) + w[1] * ((c >> 1) & 1) + w[2] * ((c >> 2) & 1);
/** The sets {c : w·c + θ > 0} over every cut θ, as 8-bit masks. */
function cutMasks(w) {
  const v = [...Array(CODES).keys()].map((c) => dot(w, c));
  const masks = new Set([0xff]);
  for (const t of new Set(v)) {
    let m = 0;
    for (let c = 0; c < CODES; c++) if (v[c] > t) m |= 1 << c;
    masks.add(m);
  }
  return [...masks];
}
const masksOf = small.map(cutMasks);
const nForms = [];
for (const w of small) for (let b = -2; b <= 2; b++) nForms.push({ w, b });
// For unit k and each choice of shared weights: the set of next-bit functions (8-bit masks over
// codes) some per-token constants reach, as a 256-bit set; distinct sets only.
function reachable(k) {
  const seen = new Map();
  for (let iz = 0; iz < small.length; iz++) for (let ir = 0; ir < small.length; ir++) for (const nf of nForms) {
    const L = [...Array(CODES).keys()].map((c) => dot(nf.w, c) + nf.b);
    const as = new Set([0, 100, -100, ...L.map((x) => -x)]);
    const bits = new Uint32Array(8);
    for (const Z of masksOf[iz]) for (const R of masksOf[ir]) for (const a of as) {
      let m = 0, ok = true;
      for (let c = 0; c < CODES && ok; c++) {
        let o;
        if ((Z >> c) & 1) o = (c >> k) & 1;
        else if ((R >> c) & 1) { const v = a + L[c]; ok = v >= 0; o = v > 0 ? 1 : 0; }
        else { ok = a >= 0; o = a > 0 ? 1 : 0; }
        m |= o << c;
      }
      if (ok) bits[m >> 5] |= 1 << (m & 31);
    }
    const key = bits.join(",");
    if (!seen.has(key)) seen.set(key, bits);
  }
  return [...seen.values()];
}
const sets = [0, 1, 2].map(reachable);
const perms = [];
(function permute(a, l) {
  if (l === a.length) return void perms.push(a.slice());
  for (let i = l; i < a.length; i++) { [a[l], a[i]] = [a[i], a[l]]; permute(a, l + 1); [a[l], a[i]] = [a[i], a[l]]; }
})([1, 2, 3, 4, 5, 6, 7], 0);
let found = 0;
for (const p of perms) {
  const code = [0, ...p];
  const ok = [0, 1, 2].every((k) => {
    const targets = SYMBOLS.map((_, t) => {
      let m = 0;
      for (let s = 0; s < 8; s++) if ((code[delta[t][s]] >> k) & 1) m |= 1 << code[s];
      return m;
    });
    return sets[k].some((bits) => targets.every((m) => (bits[m >> 5] >> (m & 31)) & 1));
  });
  if (ok) {
    found++;
    console.log(STATES.map((s, i) => `${s}=${[0, 1, 2].map((k) => (code[i] >> k) & 1).join("")}`).join(" "));
  }
}
console.log(`${perms.length} assignments searched, ${found} with gates for every unit`);
