/** The CLI's exit codes (SPEC §7). */
export const ExitCode = {
  /** Success, or a gate/check that passed or only warned. */
  ok: 0,
  /** A gate or check that failed. */
  failed: 1,
  /** Invalid input or usage. */
  invalidInput: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
