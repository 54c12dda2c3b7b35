import type { Reproduction } from "../plan.js";

/** P2's Dyck-(2,2): the recurrent side, where the picture reverses (a constant-size RNN suffices). */
export const bhattamishra2024Dyck: Reproduction = {
  id: "bhattamishra2024-dyck",
  title: "Dyck-(2,2): a constant-size recurrent recogniser, exactly",
  claim: "A constant-size RNN (an 8-state automaton, 3 bits) recognises Dyck-(2,2), while a 1-layer Transformer needs linear size (P2, Bhattamishra, Hahn, Blunsom, Kanade).",
  notes: [
    "Exact: the string census enumerates every string over ( ) [ ] of each length; dyck-rnn (gru weights from the automaton, M = 6 bits at every length) classifies all of them, and the certificate replays each one.",
    "Trained: an LSTM trained on Dyck-(2,2) strings (float, PyTorch) is then run bit-exactly at fixed:4.6 over every string of each length.",
    "Not here yet: the 1-layer Transformer lower bound (the partition-order game of theory.md §5) and trained Transformers beside it; only the recurrent half of the separation is shown.",
  ],
  steps: [
    { id: "census-dyck-rnn", what: "dyck-rnn over every string of length 1..9: D(n), exact accuracy, ceiling", output: "report", quick: ["census", "dyck", "--model", "dyck-rnn", "--n", "1..9", "--json"], paper: ["census", "dyck", "--model", "dyck-rnn", "--n", "1..10", "--json"] },
    { id: "prove-dyck-rnn", what: "certificate: dyck-rnn classifies every string of length ≤ 8 as Dyck-(2,2) does", output: "report", quick: ["prove", "dyck-rnn-upper", "--model", "dyck-rnn", "--n", "8", "--out", "{out}/certificates/dyck-rnn.json", "--json"], paper: ["prove", "dyck-rnn-upper", "--model", "dyck-rnn", "--n", "9", "--out", "{out}/certificates/dyck-rnn.json", "--json"] },
    { id: "train-dyck-lstm", what: "an LSTM of width 8 trained on Dyck-(2,2) strings of length 8 (float, PyTorch)", output: "log", trainDir: "{out}/runs/dyck-lstm", quick: ["train", "--task", "dyck", "--arch", "lstm", "--width", "8", "--n", "8", "--steps", "300", "--train-size", "4000", "--valid-size", "400", "--test-size", "400", "--device", "{device}", "--out", "{out}/runs/dyck-lstm", "--json"], paper: ["train", "--task", "dyck", "--arch", "lstm", "--width", "8", "--n", "8", "--steps", "5000", "--device", "{device}", "--out", "{out}/runs/dyck-lstm", "--json"] },
    { id: "census-dyck-lstm-trained", what: "that trained LSTM run exactly at fixed:4.6 over every string of length 1..8", output: "report", quick: ["census", "dyck", "--model", "lstm", "--weights", "{out}/runs/dyck-lstm/weights.safetensors", "--format", "fixed:4.6", "--n", "1..8", "--json"], paper: ["census", "dyck", "--model", "lstm", "--weights", "{out}/runs/dyck-lstm/weights.safetensors", "--format", "fixed:4.6", "--n", "1..9", "--json"] },
  ],
};
