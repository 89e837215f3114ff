// Recovery share files: one share per file, `spike:<id>:<64 hex digits>`, mode 0600 in a 0700 directory.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError } from "commander";

export interface ShareText {
  readonly id: number;
  readonly value: Buffer;
}

const SHARE = /^spike:([1-9]\d{0,3}):([0-9a-f]{64})$/;

export function formatShare(share: ShareText): string {
  return `spike:${share.id}:${share.value.toString("hex")}`;
}

export function parseShare(text: string, where = "share"): ShareText {
  const m = SHARE.exec(text.trim());
  if (m === null) throw new InvalidArgumentError(`${where} is not a share (want spike:<id>:<64 hex digits>)`);
  return { id: Number(m[1]), value: Buffer.from(m[2] as string, "hex") };
}

export function shareFileName(id: number): string {
  return `spike-share-${id}.txt`;
}

export function writeShareFiles(dir: string, shares: readonly ShareText[]): string[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return shares.map((s) => {
    const path = join(dir, shareFileName(s.id));
    writeFileSync(path, `${formatShare(s)}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
    return path;
  });
}

export function readShareFile(path: string): ShareText {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new InvalidArgumentError(`cannot read share file ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseShare(text, `the content of ${path}`);
}
