/**
 * A progress line for long commands: a redrawn bar on a terminal, and on anything else (CI logs,
 * a pipe) a plain line every few seconds, so logs stay readable.
 */
export interface ProgressOptions {
  label: string;
  stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when not on a terminal. */
  plainEverySeconds?: number;
}

const WIDTH = 28;

export class ProgressBar {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly started = Date.now();
  private lastDraw = 0;
  private lastLength = 0;
  private readonly plainEveryMs: number;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.tty = this.stream.isTTY === true;
    this.plainEveryMs = (options.plainEverySeconds ?? 5) * 1000;
  }

  /** `fraction` 0..1; `detail` says what is being done (counts, rates). */
  update(fraction: number, detail: string, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < (this.tty ? 100 : this.plainEveryMs)) return;
    this.lastDraw = now;
    const f = Math.min(1, Math.max(0, fraction));
    const elapsed = (now - this.started) / 1000;
    const eta = f > 0.02 && f < 1 ? ` ETA ${formatSeconds((elapsed * (1 - f)) / f)}` : '';
    const percent = `${(f * 100).toFixed(1).padStart(5)}%`;
    if (this.tty) {
      const filled = Math.round(f * WIDTH);
      const line = `${this.options.label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${percent} ${detail} (${formatSeconds(elapsed)}${eta})`;
      const columns = this.stream.columns ?? 120;
      const text = line.length > columns - 1 ? line.slice(0, columns - 1) : line;
      this.stream.write(`\r${text}${' '.repeat(Math.max(0, this.lastLength - text.length))}`);
      this.lastLength = text.length;
    } else {
      this.stream.write(`${this.options.label} ${percent} ${detail} (${formatSeconds(elapsed)}${eta})\n`);
    }
  }

  done(detail: string): void {
    this.update(1, detail, true);
    if (this.tty) this.stream.write('\n');
  }
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}

export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}
