/**
 * An error the user caused (bad flag, bad spec, bad weights file, too large a census).
 * The CLI prints its message as one line and exits with code 2; anything else is a bug
 * (exit code 1, with the stack).
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

export function userError(message: string): never {
  throw new UserError(message);
}
