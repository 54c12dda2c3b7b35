import type { Reproduction } from "../plan.js";

/** P2's Dyck-(2,2) both ways: a constant-size RNN suffices, a 1-layer Transformer needs H(d_h+2)p ≥ n. */
export const bhattamishra2024Dyck: Reproduction = {
  id: "bhattamishra2024-dyck",
  title: "Dyck-(2,2): a constant-size recurrent recogniser, and the one-layer Transformer bound, exactly",
  claim: "A constant-size RNN (an 8-state automaton, 3 bits) recognises Dyck-(2,2), while a 1-layer Transformer needs linear size (P2, Bhattamishra, Hahn, Blunsom, Kanade).",
  notes: [
    "Exact: the string census enumerates every string over ( ) [ ] of each length; dyck-rnn (gru weights from the automaton, M = 6 bits at every length) classifies all of them, and the certificate replays each one.",
    "Trained: an LSTM trained on Dyck-(2,2) strings (float, PyTorch) is then run bit-exactly at fixed:4.6 over every string of each length.",
    "Transformer half: the one-layer Transformer game (theory.md §5) on the Dyck disjointness gadget, evaluated in partition order. The dyck-transformer-lower certificate checks every (x, y) at n = 8 against the dyck solver (gadget in Dyck-(2,2) iff DISJ); transformer1-lower shows a seeded 1-layer Transformer whose message H(d_h+2)p = 16 bits is below n = 17 erring on one of a replayed pair. That is the bound applied to one untrained model, not a trained Transformer's failure.",
    "Not here: trained Transformers on Dyck-(2,2).",
  ],
  steps: [
    { id: "census-dyck-rnn", what: "dyck-rnn over every string of length 1..9: D(n), exact accuracy, ceiling", output: "report", quick: ["census", "dyck", "--model", "dyck-rnn", "--n", "1..9", "--json"], paper: ["census", "dyck", "--model", "dyck-rnn", "--n", "1..10", "--json"] },
    { id: "prove-dyck-rnn", what: "certificate: dyck-rnn classifies every string of length ≤ 8 as Dyck-(2,2) does", output: "report", quick: ["prove", "dyck-rnn-upper", "--model", "dyck-rnn", "--n", "8", "--out", "{out}/certificates/dyck-rnn.json", "--json"], paper: ["prove", "dyck-rnn-upper", "--model", "dyck-rnn", "--n", "9", "--out", "{out}/certificates/dyck-rnn.json", "--json"] },
    { id: "prove-dyck-transformer", what: "certificate: the Dyck gadget is in Dyck-(2,2) iff DISJ on every (x, y) at n = 8, and a 1-layer Transformer's 16-bit partition message", output: "report", quick: ["prove", "dyck-transformer-lower", "--model", "transformer", "--layers", "1", "--width", "2", "--format", "fixed:2.2", "--n", "8", "--out", "{out}/certificates/dyck-transformer.json", "--json"], paper: ["prove", "dyck-transformer-lower", "--model", "transformer", "--layers", "1", "--width", "2", "--format", "fixed:2.2", "--n", "8", "--out", "{out}/certificates/dyck-transformer.json", "--json"] },
    { id: "prove-transformer1", what: "certificate: a 1-layer Transformer with H(d_h+2)p = 16 < n = 17 errs on one of a replayed pair of gadget inputs (partition order)", output: "report", quick: ["prove", "transformer1-lower", "--model", "transformer", "--layers", "1", "--width", "2", "--format", "fixed:2.2", "--n", "17", "--out", "{out}/certificates/transformer1.json", "--json"], paper: ["prove", "transformer1-lower", "--model", "transformer", "--layers", "1", "--width", "2", "--format", "fixed:2.2", "--n", "17", "--out", "{out}/certificates/transformer1.json", "--json"] },
    { id: "train-dyck-lstm", what: "an LSTM of width 8 trained on Dyck-(2,2) strings of length 8 (float, PyTorch)", output: "log", trainDir: "{out}/runs/dyck-lstm", quick: ["train", "--task", "dyck", "--arch", "lstm", "--width", "8", "--n", "8", "--steps", "300", "--train-size", "4000", "--valid-size", "400", "--test-size", "400", "--device", "{device}", "--out", "{out}/runs/dyck-lstm", "--json"], paper: ["train", "--task", "dyck", "--arch", "lstm", "--width", "8", "--n", "8", "--steps", "5000", "--device", "{device}", "--out", "{out}/runs/dyck-lstm", "--json"] },
    { id: "census-dyck-lstm-trained", what: "that trained LSTM run exactly at fixed:4.6 over every string of length 1..8", output: "report", quick: ["census", "dyck", "--model", "lstm", "--weights", "{out}/runs/dyck-lstm/weights.safetensors", "--format", "fixed:4.6", "--n", "1..8", "--json"], paper: ["census", "dyck", "--model", "lstm", "--weights", "{out}/runs/dyck-lstm/weights.safetensors", "--format", "fixed:4.6", "--n", "1..9", "--json"] },
  ],
};
