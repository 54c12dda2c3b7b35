import cliProgress from "cli-progress";

/** Where a bar may draw: only when stderr is a terminal. */
export interface BarTarget {
  readonly interactive: boolean;
}

export interface TrainingBar {
  update(step: number, steps: number, loss: number, accuracy: number): void;
  stop(): void;
}

/** A progress bar on stderr with the running loss and batch accuracy; nothing unless a TTY. */
export function trainingBar(io: BarTarget, label = "train"): TrainingBar {
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(step, steps, loss, accuracy) {
      if (!io.interactive) return;
      const payload = { label, loss: loss.toFixed(4), acc: accuracy.toFixed(3) };
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: "{label} [{bar}] {value}/{total} loss {loss} acc {acc} eta {eta_formatted}", stream: process.stderr, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(steps, step, payload);
      }
      bar.update(step, payload);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
