import cliProgress from "cli-progress";
import type { CliIO } from "./io.js";

export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

/**
 * A progress bar on stderr that appears only when stderr is a terminal and the work has
 * already taken more than `delayMs` (so quick commands print nothing extra).
 */
export function progressBar(io: CliIO, delayMs = 1000): Progress {
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(done, total, label = "") {
      if (!io.interactive) return;
      if (!bar) {
        if (Date.now() - started < delayMs) return;
        bar = new cliProgress.SingleBar(
          { format: "{label} [{bar}] {value}/{total}", stream: process.stderr, clearOnComplete: true, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, { label });
      }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
