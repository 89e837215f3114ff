// A logger for tests that keeps every record, so a test can assert what was logged (and at which level).
// SPIKE_TEST_LOG=1 also prints the records to stderr.
import { Logger, type ILogObj } from "tslog";
import type { Log } from "../../lib/log.js";

export interface CapturedRecord {
  readonly level: string;
  /** The message and every argument, as the JSON line shows them. */
  readonly text: string;
}

export interface CapturedLog {
  readonly log: Log;
  readonly records: CapturedRecord[];
  /** Records at `level` whose text matches `pattern`. */
  find(level: string, pattern: RegExp): CapturedRecord[];
}

export function captureLog(name = "test"): CapturedLog {
  const records: CapturedRecord[] = [];
  const log = new Logger<ILogObj>({ name, type: "hidden", minLevel: 0, stack: { capture: "off" } });
  const echo = process.env.SPIKE_TEST_LOG === "1";
  log.attachTransport({
    name: "capture",
    format: "json",
    write: (_record, line) => {
      let level = "unknown";
      try {
        const parsed: unknown = JSON.parse(line);
        const named = (parsed as { level?: unknown }).level;
        if (typeof named === "string") level = named.toLowerCase();
      } catch {
        // keep "unknown"
      }
      records.push({ level, text: line });
      if (echo) process.stderr.write(line.endsWith("\n") ? line : `${line}\n`);
    },
  });
  return {
    log,
    records,
    find: (level, pattern) => records.filter((r) => r.level === level && pattern.test(r.text)),
  };
}
