// One logger per program. JSON lines when stderr is not a terminal (for collectors), pretty when it is.
// Logs go to stderr so that stdout stays clean for command output (the spike CLI prints data there).
import { Logger, type ILogObj } from "tslog";

export type Log = Logger<ILogObj>;

/** Keys whose values never reach a log line, whatever object they are nested in. */
const MASKED_KEYS = [
  "password", "secret", "secrets", "value", "values", "data", "token", "tokens", "adminToken", "share", "shares",
  "shard", "rootKey", "key", "keyPem", "privateKey", "plaintext", "authorization",
];

const LEVELS: Record<string, number> = { silly: 0, trace: 1, debug: 2, info: 3, warn: 4, error: 5, fatal: 6 };

/** Parses a SPIKE_LOG_LEVEL value; empty means info. */
export function parseLogLevel(text: string | undefined): number {
  if (text === undefined || text === "") return LEVELS.info ?? 3;
  const level = LEVELS[text.toLowerCase()];
  if (level === undefined) throw new Error(`"${text}" is not one of ${Object.keys(LEVELS).join(", ")}`);
  return level;
}

function levelFromEnv(): number {
  try {
    return parseLogLevel(process.env.SPIKE_LOG_LEVEL);
  } catch (err) {
    throw new Error(`SPIKE_LOG_LEVEL: ${(err as Error).message}`);
  }
}

/** SPIKE_LOG_FORMAT=json|pretty overrides the terminal check (the dev stack asks its children for pretty). */
export function parseLogFormat(text: string | undefined): "json" | "pretty" | undefined {
  if (text === undefined || text === "") return undefined;
  if (text === "json" || text === "pretty") return text;
  throw new Error(`SPIKE_LOG_FORMAT: "${text}" is not json or pretty`);
}

export function createLogger(name: string, opts: { level?: number; pretty?: boolean } = {}): Log {
  const format = parseLogFormat(process.env.SPIKE_LOG_FORMAT);
  const pretty = opts.pretty ?? (format === undefined ? process.stderr.isTTY === true : format === "pretty");
  const logger = new Logger<ILogObj>({
    name,
    type: "hidden",
    minLevel: opts.level ?? levelFromEnv(),
    mask: { keys: MASKED_KEYS, caseInsensitive: true },
    stack: { capture: "off" },
  });
  logger.attachTransport({
    name: "stderr",
    format: pretty ? "pretty" : "json",
    write: (_record, line) => {
      process.stderr.write(line.endsWith("\n") ? line : `${line}\n`);
    },
  });
  return logger;
}
