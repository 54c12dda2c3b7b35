import { userError } from "../../util/errors.js";

/**
 * Bytes a census may allocate. Every large array the census makes is reserved here first, so
 * the check covers what is actually allocated; past the limit the census stops with one line.
 */
export class MemoryBudget {
  private used = 0;
  peak = 0;
  constructor(
    readonly limit: number,
    private readonly what: string,
  ) {}

  reserve(bytes: number): void {
    this.used += bytes;
    if (this.used > this.peak) this.peak = this.used;
    if (this.used > this.limit) {
      userError(
        `${this.what} needs more than ${gib(this.limit)} GiB (--max-memory); split it with --shard k/K or --workers, or use --search sample|flip`,
      );
    }
  }

  release(bytes: number): void {
    this.used -= bytes;
  }
}

export function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1);
}
