import { InputError } from "@slipway/core";

/** A command line that cannot be run as given; exits 2 with the command's usage. */
export class UsageError extends InputError {
  constructor(detail: string) {
    super(detail);
  }
}
