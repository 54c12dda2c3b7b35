import type { Reproduction } from "../plan.js";

/** P2's Index Lookup: trained accuracy over (length × width) beside exact ceilings and certificates. */
export const bhattamishra2024Index: Reproduction = {
  id: "bhattamishra2024-index",
  title: "Index Lookup: trained accuracy over length × width, beside exact ceilings",
  claim: "A 1-layer Transformer of width and precision O(log N) solves Index Lookup; any RNN needs m·p ≥ N (P2, Bhattamishra, Hahn, Blunsom, Kanade; the inequality form is ours).",
  notes: [
    "Sampled: the heat maps are float test accuracies of PyTorch runs (a finite test set), over every seed and learning rate of the grid.",
    "Exact: the censuses of M-bit models on the Index Lookup reduction enumerate every input; the certificates replay the inputs they name.",
    "Trained and exact together: a width-1 LSTM trained at N = 50 is run bit-exactly at fixed:4.6 (M = 20 bits): its exact ceiling for small N, and at N = 50 > M the universal bound and the fooling pairs sampled search finds.",
    "--quick trains N ∈ {20, 50}, widths {8, 32}, LSTM and a 1-layer Transformer, 100 steps each; the paper's sizes are N ∈ {20, 50, 75, 100, 200, 400} with widths {32, 64, 256, 512, 1024} (theory.md §8).",
    "Not here yet: the transformer-index construction (constructions issue), which would stand at accuracy 1 beside the recurrent ceilings.",
  ],
  steps: [
    { id: "sweep", what: "train the grid (float, PyTorch)", output: "log", quick: ["sweep", "--grid", "{root}/src/reproduce/grids/bhattamishra2024-index-quick.json", "--out", "{out}/sweep", "--json"], paper: ["sweep", "--grid", "{root}/src/reproduce/grids/bhattamishra2024-index-paper.json", "--out", "{out}/sweep", "--json"] },
    { id: "results", what: "the sweep's accuracies per (N, arch, width), with M and the bound", output: "report", quick: ["results", "--sweep", "{out}/sweep", "--json"], paper: ["results", "--sweep", "{out}/sweep", "--json"] },
    { id: "census-ideal-8", what: "the ideal 8-bit algorithm on Index Lookup: the best any 8-bit state can do", output: "report", quick: ["census", "indexlookup", "--model", "ideal", "--state-bits", "8", "--n", "1..14", "--json"], paper: ["census", "indexlookup", "--model", "ideal", "--state-bits", "8", "--n", "1..20", "--json"] },
    { id: "census-lstm-1", what: "a seeded LSTM of width 1 (M = 16 at fixed:2.6) on Index Lookup", output: "report", quick: ["census", "indexlookup", "--model", "lstm", "--width", "1", "--n", "1..14", "--json"], paper: ["census", "indexlookup", "--model", "lstm", "--width", "1", "--n", "1..20", "--json"] },
    { id: "train-lstm-w1", what: "an LSTM of width 1 trained on Index Lookup at N = 50 (float, PyTorch)", output: "log", trainDir: "{out}/runs/lstm-w1-n50", quick: ["train", "--task", "indexlookup", "--arch", "lstm", "--width", "1", "--n", "50", "--steps", "150", "--train-size", "2000", "--valid-size", "200", "--test-size", "200", "--device", "{device}", "--out", "{out}/runs/lstm-w1-n50", "--json"], paper: ["train", "--task", "indexlookup", "--arch", "lstm", "--width", "1", "--n", "50", "--steps", "3000", "--device", "{device}", "--out", "{out}/runs/lstm-w1-n50", "--json"] },
    { id: "census-lstm-w1-trained", what: "that trained LSTM run exactly at fixed:4.6 (M = 20): exact accuracy and ceiling", output: "report", quick: ["census", "indexlookup", "--model", "lstm", "--weights", "{out}/runs/lstm-w1-n50/weights.safetensors", "--format", "fixed:4.6", "--n", "1..12", "--json"], paper: ["census", "indexlookup", "--model", "lstm", "--weights", "{out}/runs/lstm-w1-n50/weights.safetensors", "--format", "fixed:4.6", "--n", "1..20", "--json"] },
    { id: "search-lstm-w1-trained", what: "that trained LSTM at N = 50 > M = 20: sampled search for fooling pairs, beside the bound", output: "report", quick: ["census", "indexlookup", "--model", "lstm", "--weights", "{out}/runs/lstm-w1-n50/weights.safetensors", "--format", "fixed:4.6", "--n", "50", "--search", "flip", "--samples", "200", "--json"], paper: ["census", "indexlookup", "--model", "lstm", "--weights", "{out}/runs/lstm-w1-n50/weights.safetensors", "--format", "fixed:4.6", "--n", "50", "--search", "flip", "--samples", "5000", "--json"] },
    { id: "prove-indexlookup", what: "certificate: an 8-bit model errs on Index Lookup at N = 12", output: "report", quick: ["prove", "indexlookup-lower", "--model", "ideal", "--state-bits", "8", "--n", "12", "--out", "{out}/certificates/indexlookup.json", "--json"], paper: ["prove", "indexlookup-lower", "--model", "ideal", "--state-bits", "8", "--n", "16", "--out", "{out}/certificates/indexlookup.json", "--json"] },
  ],
};
