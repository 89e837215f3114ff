// A progress bar on stderr for long work (rewrap, audit verify, backup, drill). Drawn only when stderr is a
// terminal, so pipes, logs and `--format json` consumers never see it; redrawn at most every 100 ms.
export interface Progress {
  /** `total` 0 means the size is not known yet: the stage and count are shown without a bar. */
  update(done: number, total: number, unit?: string, stage?: string): void;
  /** Clears the line (call before printing the result). */
  finish(): void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly stream?: NodeJS.WriteStream;
  /** Draw even when the stream is not a terminal (tests). */
  readonly force?: boolean;
  readonly width?: number;
  readonly now?: () => number;
}

export function renderBar(label: string, done: number, total: number, unit: string, width: number): string {
  if (total <= 0) return `${label}: ${done}${unit ? ` ${unit}` : ""}...`;
  const ratio = Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${done}/${total}${unit ? ` ${unit}` : ""}`;
}

export function progress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  const on = opts.force === true || stream.isTTY === true;
  const now = opts.now ?? Date.now;
  let last = 0;
  let drawn = false;
  return {
    update(done, total, unit = "", stage) {
      if (!on) return;
      const t = now();
      if (drawn && t - last < 100 && done < total) return;
      last = t;
      drawn = true;
      stream.write(`\r\x1b[K${renderBar(stage ?? opts.label, done, total, unit, opts.width ?? 30)}`);
    },
    finish() {
      if (on && drawn) stream.write("\r\x1b[K");
      drawn = false;
    },
  };
}
