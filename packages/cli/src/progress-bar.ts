import type { CliIO } from "./cli-io.js";

export interface ProgressBarOptions {
  /** Nothing is drawn before this much time has passed, so short work never flickers a bar. */
  readonly delayMs?: number;
  /** Least time between two redraws. */
  readonly intervalMs?: number;
  readonly width?: number;
  /** The clock, for tests. */
  readonly now?: () => number;
}

/**
 * A one-line progress bar on stderr, redrawn in place with a carriage return, for long reads.
 * It draws only when stderr is a terminal (never into a log file or a pipe), only once the work
 * has taken longer than `delayMs`, and at most every `intervalMs`; `finish` erases it.
 */
export class ProgressBar {
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private readonly width: number;
  private readonly now: () => number;

  constructor(
    private readonly io: Pick<CliIO, "interactive" | "stderr">,
    private readonly label: string,
    options: ProgressBarOptions = {},
  ) {
    this.now = options.now ?? (() => Date.now());
    this.started = this.now();
    this.delayMs = options.delayMs ?? 500;
    this.intervalMs = options.intervalMs ?? 100;
    this.width = options.width ?? 30;
  }

  /** Shows `done` of `total` (bytes), with `detail` (e.g. rows so far) after the bar. */
  update(done: number, total: number, detail = ""): void {
    if (!this.io.interactive) return;
    const now = this.now();
    if (now - this.started < this.delayMs || now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.drawn = true;
    this.io.stderr(
      `\r${renderProgressLine(this.label, done, total, detail, (now - this.started) / 1000, this.width)}\u001b[K`,
    );
  }

  /** Erases the bar, leaving the line free for what comes next. */
  finish(): void {
    if (this.drawn) this.io.stderr("\r\u001b[K");
    this.drawn = false;
  }
}

/**
 * `label [██████░░░░░░]  45%  120 MB of 267 MB · 1,234,567 rows · 12 s left`. The time left is
 * the elapsed time scaled by the remaining share, shown once there is a measurable rate.
 */
export function renderProgressLine(
  label: string,
  done: number,
  total: number,
  detail: string,
  elapsedSeconds: number,
  width = 30,
): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(fraction * width);
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const parts = [`${label} [${bar}] ${percent}`, `${megabytes(done)} of ${megabytes(total)}`];
  if (detail) parts.push(detail);
  if (fraction > 0.01 && fraction < 1 && elapsedSeconds > 0) {
    parts.push(`${Math.ceil((elapsedSeconds * (1 - fraction)) / fraction)} s left`);
  }
  return parts.join(" · ");
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
}
