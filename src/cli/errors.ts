// The CLI's own error: bad usage (a flag's value, a missing option).
import { BadInputError } from "../errors.js";

/** Bad usage or bad input: message only, no stack trace. */
export class UsageError extends BadInputError {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
