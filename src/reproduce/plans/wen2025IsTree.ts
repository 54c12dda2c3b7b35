import type { Reproduction, Step } from "../plan.js";

const census = (task: string, args: string[], quickNs: string, paperNs: string) => ({
  quick: ["census", task, ...args, "--n", quickNs, "--json"],
  paper: ["census", task, ...args, "--n", paperNs, "--json"],
});

const ARCHS = [
  { arch: "mamba", label: "Mamba", lr: "3e-4" },
  { arch: "transformer", label: "LLaMA-style Transformer", lr: "1e-3" },
  { arch: "hybrid", label: "hybrid (Mamba + one attention layer)", lr: "3e-4" },
] as const;
const MODES = [
  { mode: "direct", label: "direct (no CoT)" },
  { mode: "cot", label: "CoT (Algorithm 1)" },
  { mode: "retrieval", label: "retrieval CoT (Algorithm 2)" },
] as const;

const grid = (scale: "quick" | "paper", arch: string, mode: string) => `{root}/src/reproduce/grids/wen2025-istree-${scale}-${arch}-${mode}.json`;
const sweepDir = (arch: string, mode: string) => `{out}/sweeps/${arch}-${mode}`;

/** One sweep per (architecture, mode): the grid fixes the mode and the architecture's learning rate, and `results` groups runs without the mode. */
const floatSteps: Step[] = ARCHS.flatMap(({ arch, label, lr }) =>
  MODES.flatMap(({ mode, label: modeLabel }): Step[] => [
    {
      id: `sweep-${arch}-${mode}`,
      what: `train the ${label} on IsTree, ${modeLabel} (float, PyTorch; tied frozen sinusoidal embeddings, AdamW, cosine, batch 64, lr ${lr})`,
      output: "log",
      quick: ["sweep", "--grid", grid("quick", arch, mode), "--out", sweepDir(arch, mode), "--device", "{device}", "--json"],
      paper: ["sweep", "--grid", grid("paper", arch, mode), "--out", sweepDir(arch, mode), "--device", "{device}", "--json"],
    },
    {
      id: `results-${arch}-${mode}`,
      what: `the ${label}'s ${modeLabel} test accuracy per (n, width), with M${mode === "direct" ? " and the exact ceiling where a census fits" : ""}`,
      output: "report",
      quick: ["results", "--sweep", sweepDir(arch, mode), "--json"],
      // n ≥ 16 at widths ≥ 96: no exhaustive census fits, so the ceiling stays null with its reason
      paper: ["results", "--sweep", sweepDir(arch, mode), "--census-max-n", "8", "--json"],
    },
  ]),
);

const TRAINED_MAMBA = {
  direct: { quick: `${sweepDir("mamba", "direct")}/istree-n8-mamba-w16-l1-lr0.0003-s1/weights.safetensors`, paper: `${sweepDir("mamba", "direct")}/istree-n16-mamba-w128-l8-lr0.0003-s1/weights.safetensors` },
  cot: { quick: `${sweepDir("mamba", "cot")}/istree-cot-n8-mamba-w16-l1-lr0.0003-s1/weights.safetensors`, paper: `${sweepDir("mamba", "cot")}/istree-cot-n16-mamba-w128-l8-lr0.0003-s1/weights.safetensors` },
};

/** P1's IsTree separation: exact ceilings of M-bit models with and without CoT, rag-istree's two-way game, certificates, and float runs of Mamba, Transformer and hybrid. */
export const wen2025IsTree: Reproduction = {
  id: "wen2025-istree",
  title: "IsTree: direct, chain of thought and retrieval",
  claim:
    "Constant-size Transformers solve IsTree with O(n) CoT; RNNs with o(n)-bit memory fail it with any CoT; with in-context retrieval (RAG) and as hybrids (RNN + one attention layer) they reach ≈100% (P1, Wen, Dang, Lyu).",
  notes: [
    "Exact: the IsTree reductions from INDEX (istree/r1, r1-simple, r2; docs/reductions.md) put x ∈ {0,1}^n in the graph's edges; the censuses enumerate every x and every query, with Bob generating a chain of thought (--cot, up to 37n + 64 tokens) from the M-bit state. The ceilings (Bayes-optimal accuracy of the model's own states) are 1 up to M and fall below 1 past it, with and without CoT alike: CoT adds time, not memory.",
    "Certificates: istree-cot-lower (an M-bit model with CoT errs on r1-simple and on r1, the error replayed, beside the bound 1 − H₂⁻¹(1 − M/n) for every M-bit model) and cot-no-rescue (the same for Index with CoT).",
    "Retrieval: rag-istree, a finite-state controller that runs Algorithm 2 through the official retriever, emitting rnn-icrag's token format; census --retrieval counts its O(log n)-bit state and every bit it exchanges with the retriever (two-way, so INDEX's one-way bound does not apply), and answers every input exactly.",
    "Recurrent models counted exactly here: the ideal M-bit algorithm (the best any M-bit state can do) and Mamba (seeded, and the Mambas the direct and CoT sweeps trained, run at fp32). A Mamba's state is E·(d_state + d_conv − 1) numbers per layer, 1221 bits for a seeded width-2 Mamba at fp16, so no exhaustive census reaches past its M: its ceilings are 1 where they are counted, and only the universal bound speaks past M.",
    "Float: Mamba, a LLaMA-style Transformer and the hybrid (a Mamba stack under one RoPE attention layer) trained with `streambound train` on the official `binary` IsTree family, modes direct, cot (Algorithm 1) and retrieval (Algorithm 2, the retriever's answers in the data and not supervised). Setup of theory.md §8: frozen sinusoidal token embeddings tied to a frozen output head (tiedSinusoidal), AdamW (weight decay 0.01) with linear warmup over min(100, steps/10) steps then cosine decay to 0, batch 64, lr 3e-4 (Mamba, hybrid) and 1e-3 (Transformer); the reported accuracy is the last iteration's, on a test split disjoint from train. Each run's spec.json records its exact options.",
    "Paper scale: n ∈ {16, 32, 64} (graph vertices), widths {96, 128, 192} (≈0.56M/0.95M/2.0M parameters for Mamba with 8 layers, 0.61M/1.07M/2.39M for the Transformer with 4, 0.57M/0.98M/2.13M for the hybrid with 6 Mamba layers, counted from the twins), 16,000 steps × 64 = 1,024,000 samples drawn from a train split of 1,000,000 graphs (direct, cot) or 250,000 (retrieval, whose sequences reach 37n − 26 + 3(n − 1) tokens), 5000 validation and 5000 test graphs, one seed.",
    "--quick: n = 8, width 16, one layer (the hybrid: one Mamba layer + the attention layer), 100 steps, 2000 training graphs, 200 validation and test; retrieval at n = 6, 30 steps, 1000 training graphs, 100 validation and test (its sequences are the longest): a smoke test of the pipeline; these runs are far too short to learn IsTree and say nothing about the paper's figures.",
    "Exact exhaustive sizes: --quick n ≤ 12 (ideal), ≤ 6 (rag-istree); paper scale n ≤ 16 and ≤ 8. The trained Mamba's CoT census runs at one small n (4 quick, 6 paper), where Bob's chain of thought is generated by the exact model for every state and query.",
    "Not here yet: a Transformer construction for IsTree with CoT (the exact Transformer side of the claim), rag-upper certificates for rag-istree (the rag-upper claim covers Index and AR), the rnn-icrag hybrid details (final norm before attention, FFN 2d) and its 0.5M/1M/2M configurations exactly, and `store` / `lstm-store` on IsTree (they are Index constructions).",
  ],
  steps: [
    { id: "census-r1-ideal4", what: "the ideal 4-bit algorithm on istree/r1, direct: the best any 4-bit state can do", output: "report", ...census("istree", ["--reduction", "r1", "--model", "ideal", "--state-bits", "4"], "1..12", "1..16") },
    { id: "census-r1-ideal4-cot", what: "the same 4-bit state with Bob generating a chain of thought: the same ceiling", output: "report", ...census("istree", ["--reduction", "r1", "--model", "ideal", "--state-bits", "4", "--cot"], "1..12", "1..16") },
    { id: "census-r1simple-ideal6-cot", what: "the ideal 6-bit algorithm with CoT on istree/r1-simple (no repeated edges)", output: "report", ...census("istree", ["--reduction", "r1-simple", "--model", "ideal", "--state-bits", "6", "--cot"], "1..12", "1..16") },
    { id: "census-r2-ideal4-cot", what: "the ideal 4-bit algorithm with CoT on istree/r2 (graphs of the official binary family)", output: "report", ...census("istree", ["--reduction", "r2", "--model", "ideal", "--state-bits", "4", "--cot"], "2..12", "2..16") },
    { id: "census-r2-mamba-seeded", what: "a seeded Mamba of width 2 on istree/r2: its M far exceeds n, so its ceiling stays 1", output: "report", ...census("istree", ["--reduction", "r2", "--model", "mamba", "--width", "2"], "2..10", "2..14") },
    { id: "census-r1-rag-istree", what: "rag-istree on istree/r1, two-way: O(log n) state bits, every retrieval bit counted, accuracy 1", output: "report", ...census("istree", ["--reduction", "r1", "--model", "rag-istree", "--retrieval"], "1..6", "1..8") },
    { id: "game-r1-rag-istree", what: "one rag-istree game on istree/r1 (x = 011010, query 2), its chain of thought and every retrieval", output: "log", quick: ["game", "istree", "--reduction", "r1", "--model", "rag-istree", "--x", "011010", "--i", "2", "--retrieval", "--json"], paper: ["game", "istree", "--reduction", "r1", "--model", "rag-istree", "--x", "0110100110", "--i", "2", "--retrieval", "--json"] },
    { id: "prove-istree-cot-lower", what: "certificate: the ideal 4-bit algorithm with CoT errs on istree/r1-simple at n = 8 > M", output: "report", quick: ["prove", "istree-cot-lower", "--model", "ideal", "--state-bits", "4", "--n", "8", "--out", "{out}/certificates/istree-cot-lower.json", "--json"], paper: ["prove", "istree-cot-lower", "--model", "ideal", "--state-bits", "4", "--n", "12", "--out", "{out}/certificates/istree-cot-lower.json", "--json"] },
    { id: "prove-istree-cot-lower-r1", what: "certificate: the same on istree/r1", output: "report", quick: ["prove", "istree-cot-lower", "--model", "ideal", "--state-bits", "4", "--reduction", "r1", "--n", "8", "--out", "{out}/certificates/istree-cot-lower-r1.json", "--json"], paper: ["prove", "istree-cot-lower", "--model", "ideal", "--state-bits", "4", "--reduction", "r1", "--n", "12", "--out", "{out}/certificates/istree-cot-lower-r1.json", "--json"] },
    { id: "prove-cot-no-rescue", what: "certificate: with CoT, the ideal 4-bit algorithm still errs on Index at n = 8", output: "report", quick: ["prove", "cot-no-rescue", "--model", "ideal", "--state-bits", "4", "--n", "8", "--out", "{out}/certificates/cot-no-rescue.json", "--json"], paper: ["prove", "cot-no-rescue", "--model", "ideal", "--state-bits", "4", "--n", "12", "--out", "{out}/certificates/cot-no-rescue.json", "--json"] },
    ...floatSteps,
    { id: "census-r2-mamba-trained", what: "the Mamba trained directly (width 16, 1 layer quick; 128, 8 layers paper) run exactly at fp32 (its training dtype) on istree/r2: exact accuracy and ceiling", output: "report", quick: ["census", "istree", "--reduction", "r2", "--model", "mamba", "--weights", TRAINED_MAMBA.direct.quick, "--format", "fp32", "--n", "2..6", "--json"], paper: ["census", "istree", "--reduction", "r2", "--model", "mamba", "--weights", TRAINED_MAMBA.direct.paper, "--format", "fp32", "--n", "2..8", "--json"] },
    { id: "census-r2-mamba-trained-cot", what: "the Mamba trained with CoT run exactly at fp32 on istree/r2, generating its own chain of thought for every state and query", output: "report", quick: ["census", "istree", "--reduction", "r2", "--model", "mamba", "--weights", TRAINED_MAMBA.cot.quick, "--format", "fp32", "--cot", "--n", "4", "--json"], paper: ["census", "istree", "--reduction", "r2", "--model", "mamba", "--weights", TRAINED_MAMBA.cot.paper, "--format", "fp32", "--cot", "--n", "6", "--json"] },
  ],
};
