import type { Reproduction } from "../plan.js";

const census = (task: string, model: string[], quickNs: string, paperNs: string) => ({
  quick: ["census", task, ...model, "--n", quickNs, "--json"],
  paper: ["census", task, ...model, "--n", paperNs, "--json"],
});

const DEMO_WEIGHTS = "{root}/examples/fixtures/demo-gru.safetensors";

/** P1's retrieval separation (Index, AR, c-gram, Counting): exact ceilings of M-bit models, trained models, certificates. */
export const wen2025Retrieval: Reproduction = {
  id: "wen2025-retrieval",
  title: "Index, AR, c-gram and Counting: recurrent models below the bound past M",
  claim: "Constant-size Transformers solve Index, AR, c-gram retrieval and Counting; any RNN with o(n)-bit memory fails each of them for large n (P1, Wen, Dang, Lyu).",
  notes: [
    "Exact: the censuses enumerate every x ∈ {0,1}^n; their ceilings (Bayes-optimal accuracy) fall below 1 once n exceeds the recurrent model's M.",
    "Trained: the demo's GRU (examples/fixtures, trained on Index lengths 1..24) and a freshly trained AR GRU, each beside the universal bound; past M their fooling pairs come from sampled search and are replayed.",
    "RAG: rag-index and rag-ar keep O(log n) bits and answer every input exactly through a two-way game whose retrieval bits are counted (census --retrieval, rag-upper certificates): retrieval does not need to store the input.",
    "Transformer: the transformer-index construction answers every Index input at every n enumerated, with a KV cache whose bits grow with n (state-bits plot).",
    "Hybrid: hybrid-index (P1's RNN + one attention layer) answers every Index input too; its state holds the attention layer's KV cache.",
    "Not here yet: Transformer and hybrid constructions for AR, c-gram and Counting (induction heads, counting attention); the Transformer and hybrid side is shown on Index only.",
  ],
  steps: [
    { id: "census-index-ideal", what: "the ideal M-bit algorithm on Index: the best any 6-bit state can do", output: "report", ...census("index", ["--model", "ideal", "--state-bits", "6"], "1..14", "1..20") },
    { id: "census-index-store", what: "store, a recurrent cell built to hold 6 bits (M = 12 at fixed:2.0)", output: "report", ...census("index", ["--model", "store", "--width", "6"], "1..14", "1..20") },
    { id: "census-index-lstm-store", what: "lstm-store, LSTM weights holding 4 bits exactly (M = 16 at a 2-bit state format), past M", output: "report", ...census("index", ["--model", "lstm-store", "--width", "4"], "1..18", "1..20") },
    { id: "census-index-transformer", what: "transformer-index, a 1-layer Transformer construction: accuracy 1 at every n, its KV cache growing", output: "report", ...census("index", ["--model", "transformer-index"], "1..10", "1..14") },
    { id: "census-index-transformer-n4", what: "transformer-index at n = 4 alone: its state bits there (for the state-bits plot)", output: "report", ...census("index", ["--model", "transformer-index"], "4", "4") },
    { id: "census-index-transformer-n7", what: "transformer-index at n = 7 alone: its state bits there", output: "report", ...census("index", ["--model", "transformer-index"], "7", "7") },
    { id: "census-index-hybrid", what: "hybrid-index: a recurrent layer under one attention layer (construction): accuracy 1 at every n", output: "report", ...census("index", ["--model", "hybrid-index"], "1..10", "1..14") },
    { id: "census-ar-ideal", what: "the ideal 6-bit algorithm on AR (keys = positions)", output: "report", ...census("ar", ["--model", "ideal", "--state-bits", "6"], "2..12", "2..18") },
    { id: "census-cgram-ideal", what: "the ideal 6-bit algorithm on c-gram retrieval (c = 3)", output: "report", ...census("cgram", ["--model", "ideal", "--state-bits", "6"], "1..11", "1..16") },
    { id: "census-counting-ideal", what: "the ideal 6-bit algorithm on Counting (t = 0)", output: "report", ...census("counting", ["--model", "ideal", "--state-bits", "6"], "1..12", "1..18") },
    { id: "census-index-trained", what: "the demo's trained GRU (M = 20 at fixed:4.6): exact accuracy and ceiling", output: "report", ...census("index", ["--model", "gru", "--weights", DEMO_WEIGHTS, "--format", "fixed:4.6"], "1..14", "1..20") },
    { id: "search-index-trained", what: "the demo's trained GRU past M (n = 22 > 20): sampled search for fooling pairs", output: "report", quick: ["census", "index", "--model", "gru", "--weights", DEMO_WEIGHTS, "--format", "fixed:4.6", "--n", "22", "--search", "flip", "--samples", "300", "--json"], paper: ["census", "index", "--model", "gru", "--weights", DEMO_WEIGHTS, "--format", "fixed:4.6", "--n", "21..24", "--search", "flip", "--samples", "5000", "--json"] },
    { id: "train-ar-gru", what: "a GRU of width 2 trained on AR at n = 6 (float, PyTorch)", output: "log", trainDir: "{out}/runs/ar-gru", quick: ["train", "--task", "ar", "--arch", "gru", "--width", "2", "--n", "6", "--steps", "400", "--train-size", "5000", "--device", "{device}", "--out", "{out}/runs/ar-gru", "--json"], paper: ["train", "--task", "ar", "--arch", "gru", "--width", "2", "--n", "6", "--steps", "5000", "--device", "{device}", "--out", "{out}/runs/ar-gru", "--json"] },
    { id: "census-ar-trained", what: "the trained AR GRU run exactly (M = 20 at fixed:4.6), beside the bound", output: "report", ...census("ar", ["--model", "gru", "--weights", "{out}/runs/ar-gru/weights.safetensors", "--format", "fixed:4.6"], "2..6", "2..6") },
    { id: "census-index-rag", what: "rag-index: an O(log n)-bit controller with an in-context retriever (two-way, every query counted)", output: "report", ...census("index", ["--model", "rag-index", "--retrieval"], "1..10", "1..14") },
    { id: "prove-rag-index", what: "certificate: rag-index answers every Index input at n = 8 with M < n state bits (two-way game)", output: "report", quick: ["prove", "rag-upper", "--model", "rag-index", "--n", "8", "--out", "{out}/certificates/rag-index.json", "--json"], paper: ["prove", "rag-upper", "--model", "rag-index", "--n", "12", "--out", "{out}/certificates/rag-index.json", "--json"] },
    { id: "prove-rag-ar", what: "certificate: rag-ar answers every AR input at n = 6 (two-way game)", output: "report", quick: ["prove", "rag-upper", "--model", "rag-ar", "--reduction", "ar/ar", "--n", "6", "--out", "{out}/certificates/rag-ar.json", "--json"], paper: ["prove", "rag-upper", "--model", "rag-ar", "--reduction", "ar/ar", "--n", "10", "--out", "{out}/certificates/rag-ar.json", "--json"] },
    { id: "prove-index", what: "certificate: the ideal 6-bit algorithm errs on Index at n = 10", output: "report", quick: ["prove", "index-lower", "--model", "ideal", "--state-bits", "6", "--n", "10", "--out", "{out}/certificates/index.json", "--json"], paper: ["prove", "index-lower", "--model", "ideal", "--state-bits", "6", "--n", "14", "--out", "{out}/certificates/index.json", "--json"] },
    { id: "prove-ar", what: "certificate: AR at n = 8", output: "report", quick: ["prove", "ar-lower", "--model", "ideal", "--state-bits", "6", "--n", "8", "--out", "{out}/certificates/ar.json", "--json"], paper: ["prove", "ar-lower", "--model", "ideal", "--state-bits", "6", "--n", "12", "--out", "{out}/certificates/ar.json", "--json"] },
    { id: "prove-cgram", what: "certificate: c-gram at n = 8", output: "report", quick: ["prove", "cgram-lower", "--model", "ideal", "--state-bits", "6", "--n", "8", "--out", "{out}/certificates/cgram.json", "--json"], paper: ["prove", "cgram-lower", "--model", "ideal", "--state-bits", "6", "--n", "12", "--out", "{out}/certificates/cgram.json", "--json"] },
    { id: "prove-counting", what: "certificate: Counting at n = 8", output: "report", quick: ["prove", "counting-lower", "--model", "ideal", "--state-bits", "6", "--n", "8", "--out", "{out}/certificates/counting.json", "--json"], paper: ["prove", "counting-lower", "--model", "ideal", "--state-bits", "6", "--n", "12", "--out", "{out}/certificates/counting.json", "--json"] },
    { id: "prove-index-trained", what: "certificate: the trained GRU errs on Index at n = 22 > M = 20 (sampled search, replayed)", output: "report", quick: ["prove", "index-lower", "--model", "gru", "--weights", DEMO_WEIGHTS, "--format", "fixed:4.6", "--n", "22", "--samples", "300", "--out", "{out}/certificates/index-trained.json", "--json"], paper: ["prove", "index-lower", "--model", "gru", "--weights", DEMO_WEIGHTS, "--format", "fixed:4.6", "--n", "24", "--samples", "5000", "--out", "{out}/certificates/index-trained.json", "--json"] },
  ],
};
