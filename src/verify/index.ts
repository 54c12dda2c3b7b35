export { CERTIFICATE_SCHEMA, certificateSchema, type Certificate, type Fact, type ModelSpec, type FoolingPairFact, type ExactAccuracyFact, type AccuracyBoundFact } from "./certificate.js";
export { verifyCertificate, isCertificateShaped, DYCK_STRINGS, DYCK_GADGET, type ClaimRules, type Verdict, type VerifyOptions } from "./verify.js";
export { universalAccuracyBound } from "./bound.js";
export { weightsSha256, sha256Hex, EMBED_WEIGHTS_MAX_BYTES } from "./model.js";
export { MAX_EXHAUSTIVE_BITS, MAX_REPLAYED_PAIRS, MAX_GADGET_BITS } from "./facts.js";
