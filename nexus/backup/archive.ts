// The backup archive format "spike-logical-v1" (ADR 0021): gzip of newline-delimited JSON, readable on PostgreSQL
// and on the embedded PGlite alike (pg_dump 15 cannot read PGlite's PostgreSQL 17, and a physical copy of PGlite
// does not restore into a server).
//
//   ["spike-backup", {"format": "spike-logical-v1", "schemaVersion": 5, "createdTime": "...", "backend": "postgres"}]
//   ["table", "keyring"]
//   {...one row, as PostgreSQL's row_to_json writes it...}
//   ...
//   ["table", "secret_metadata"]
//   ...
//   ["end", {"keyring": 2, "secret_metadata": 10000, ...}]
//
// Markers are JSON arrays, rows are JSON objects, so no column name can be mistaken for a marker. Tables come in
// foreign-key order, so a restore inserts them in file order. The closing "end" line (with the row counts) and the
// gzip trailer make a truncated archive detectable; the manifest's SHA-256 makes any edit detectable.
import { createGunzip } from "node:zlib";
import { pipeline, type Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

export const ARCHIVE_FORMAT = "spike-logical-v1";
export const MAGIC = "spike-backup";

export interface ArchiveHeader {
  readonly format: string;
  readonly schemaVersion: number;
  readonly createdTime: string;
  readonly backend: string;
}

export type ArchiveEvent =
  | { readonly kind: "header"; readonly header: ArchiveHeader }
  | { readonly kind: "table"; readonly table: string }
  | { readonly kind: "row"; readonly table: string; readonly json: string }
  | { readonly kind: "end"; readonly counts: Readonly<Record<string, number>> };

/** Why an archive cannot be read, as a sentence for the operator. */
export class ArchiveError extends Error {
  override readonly name = "ArchiveError";
}

export const headerLine = (h: ArchiveHeader): string => `${JSON.stringify([MAGIC, h])}\n`;
export const tableLine = (table: string): string => `${JSON.stringify(["table", table])}\n`;
export const endLine = (counts: Record<string, number>): string => `${JSON.stringify(["end", counts])}\n`;

function parseHeader(value: unknown): ArchiveHeader {
  const h = value as Partial<ArchiveHeader> | null;
  if (typeof h !== "object" || h === null || typeof h.format !== "string" || typeof h.schemaVersion !== "number" ||
    typeof h.createdTime !== "string" || typeof h.backend !== "string") {
    throw new ArchiveError("the archive's header line is malformed");
  }
  if (h.format !== ARCHIVE_FORMAT) throw new ArchiveError(`the archive is in format "${h.format.slice(0, 40)}", this Nexus reads ${ARCHIVE_FORMAT}`);
  return { format: h.format, schemaVersion: h.schemaVersion, createdTime: h.createdTime, backend: h.backend };
}

/**
 * Reads an archive (gzip NDJSON) event by event, checking its structure: header first, rows only inside a table,
 * an "end" line last whose counts match the rows read. Throws ArchiveError naming what is wrong.
 */
export async function* readArchive(compressed: Readable): AsyncGenerator<ArchiveEvent> {
  // pipeline() destroys both streams on any error, and the loop below then throws it: nothing goes uncaught.
  const gunzip = pipeline(compressed, createGunzip(), () => undefined);
  let lineNo = 0;
  let table: string | undefined;
  let headerSeen = false;
  let ended = false;
  const counted: Record<string, number> = {};
  try {
    for await (const line of lines(gunzip)) {
      lineNo++;
      if (ended) throw new ArchiveError(`line ${lineNo} follows the archive's end marker`);
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new ArchiveError(`line ${lineNo} of the archive is not JSON`);
      }
      if (!headerSeen) {
        if (!Array.isArray(value) || value[0] !== MAGIC) throw new ArchiveError("the archive does not start with a Spike backup header");
        headerSeen = true;
        yield { kind: "header", header: parseHeader(value[1]) };
        continue;
      }
      if (Array.isArray(value)) {
        if (value[0] === "table" && typeof value[1] === "string") {
          table = value[1];
          if (counted[table] !== undefined) throw new ArchiveError(`table ${table} appears twice in the archive`);
          counted[table] = 0;
          yield { kind: "table", table };
        } else if (value[0] === "end" && typeof value[1] === "object" && value[1] !== null) {
          const counts = value[1] as Record<string, unknown>;
          for (const [name, n] of Object.entries(counts)) {
            if (counted[name] !== n) throw new ArchiveError(`the archive's end marker says table ${name} has ${String(n)} rows, but it holds ${counted[name] ?? 0}`);
          }
          for (const name of Object.keys(counted)) {
            if (!(name in counts)) throw new ArchiveError(`table ${name} is missing from the archive's end marker`);
          }
          ended = true;
          yield { kind: "end", counts: counts as Record<string, number> };
        } else {
          throw new ArchiveError(`line ${lineNo} of the archive is an unknown marker`);
        }
      } else if (typeof value === "object" && value !== null) {
        if (table === undefined) throw new ArchiveError(`line ${lineNo} of the archive is a row outside any table`);
        counted[table] = (counted[table] ?? 0) + 1;
        yield { kind: "row", table, json: line };
      } else {
        throw new ArchiveError(`line ${lineNo} of the archive is neither a row nor a marker`);
      }
    }
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR") {
      throw new ArchiveError(`the archive is not a complete gzip stream (${code === "Z_BUF_ERROR" ? "it is truncated" : "it is corrupt"})`);
    }
    throw new ArchiveError(`the archive cannot be read: ${(err as Error).message}`);
  }
  if (!headerSeen) throw new ArchiveError("the archive is empty");
  if (!ended) throw new ArchiveError(`the archive is truncated: it ends after line ${lineNo} without its end marker`);
}

/** The text's lines (without their "\n"); a last line without "\n" is yielded too. */
async function* lines(text: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of text) {
    rest += decoder.write(chunk);
    let at: number;
    while ((at = rest.indexOf("\n")) >= 0) {
      yield rest.slice(0, at);
      rest = rest.slice(at + 1);
    }
  }
  rest += decoder.end();
  if (rest !== "") yield rest;
}
