/** What a command may touch of its process, passed in so tests can run commands in-process. */
export interface CliIO {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal: progress bars only then. */
  readonly interactive: boolean;
  /** The running bundle, which large validations start again as worker threads; none in tests. */
  readonly workerScript?: URL;
  stdout(text: string): void;
  stderr(text: string): void;
}

export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    interactive: Boolean(process.stderr.isTTY),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}
