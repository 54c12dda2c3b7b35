/**
 * An error the user caused (bad flag, bad spec, bad weights file, too large a census).
 * The CLI prints its message as one line and exits with code 2; anything else is a bug
 * (exit code 1, with the stack).
 */
export class UserError extends Error {
  /** The CLI's exit code: 2 by default; 1 where a command's convention says so (verify: refuted). */
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = "UserError";
    this.exitCode = exitCode;
  }
}

export function userError(message: string): never {
  throw new UserError(message);
}
