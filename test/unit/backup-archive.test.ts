// The backup archive reader (ADR 0021): a well-formed archive reads back row for row; every kind of damage is an
// ArchiveError whose message says what is wrong. And the manifest MAC changes with every field.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import { ARCHIVE_FORMAT, endLine, headerLine, readArchive, tableLine, type ArchiveEvent } from "../../nexus/backup/archive.js";
import { macMatches, manifestMac, type Manifest } from "../../nexus/backup/manifest.js";

const header = headerLine({ format: ARCHIVE_FORMAT, schemaVersion: 6, createdTime: "2026-12-04T00:00:00.000Z", backend: "postgres" });
const good = [header, tableLine("a"), '{"x":1}\n', '{"x":2}\n', tableLine("b"), endLine({ a: 2, b: 0 })].join("");

async function read(text: string | Buffer): Promise<ArchiveEvent[]> {
  const events: ArchiveEvent[] = [];
  for await (const e of readArchive(Readable.from([typeof text === "string" ? gzipSync(text) : text]))) events.push(e);
  return events;
}

test("a well-formed archive reads back: header, tables, rows, end", async () => {
  const events = await read(good);
  assert.deepEqual(events.map((e) => e.kind), ["header", "table", "row", "row", "table", "end"]);
  const rows = events.filter((e) => e.kind === "row");
  assert.deepEqual(rows.map((r) => (r.kind === "row" ? [r.table, r.json] : [])), [["a", '{"x":1}'], ["a", '{"x":2}']]);
});

test("damage is named", async () => {
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ["empty", "", /empty/],
    ["no header", [tableLine("a"), endLine({ a: 0 })].join(""), /does not start with a Spike backup header/],
    ["other format", headerLine({ format: "pg_dump", schemaVersion: 1, createdTime: "", backend: "" }), /format "pg_dump"/],
    ["row outside a table", [header, '{"x":1}\n'].join(""), /row outside any table/],
    ["not JSON", [header, tableLine("a"), "{nope\n"].join(""), /line 3 .* not JSON/],
    ["count mismatch", [header, tableLine("a"), '{"x":1}\n', endLine({ a: 2 })].join(""), /says table a has 2 rows, but it holds 1/],
    ["table missing from the end", [header, tableLine("a"), endLine({})].join(""), /table a is missing from the archive's end marker/],
    ["no end marker", [header, tableLine("a"), '{"x":1}\n'].join(""), /truncated: it ends after line 3/],
    ["data after the end", `${good}{"x":3}\n`, /follows the archive's end marker/],
    ["table twice", [header, tableLine("a"), tableLine("a"), endLine({ a: 0 })].join(""), /table a appears twice/],
    ["truncated gzip", gzipSync(good).subarray(0, 40), /not a complete gzip stream|truncated/],
    ["not gzip", Buffer.from("plain text, not gzip"), /not a complete gzip stream|cannot be read/],
  ];
  for (const [name, input, message] of cases) {
    await assert.rejects(read(input), (err: Error) => {
      assert.equal(err.name, "ArchiveError", name);
      assert.match(err.message, message, name);
      return true;
    }, name);
  }
});

test("the manifest MAC covers every field and needs the root key", () => {
  const key = randomBytes(32);
  const m: Manifest = {
    formatVersion: 1, createdTime: new Date("2026-12-04T00:00:00Z"), schemaVersion: 6, keyCheckFingerprint: "00ff00ff00ff00ff",
    rootKeyGeneration: 1, rowCounts: { a: 1, b: 2 }, archiveSha256: "ab".repeat(32), archiveBytes: 100, archiveFormat: ARCHIVE_FORMAT,
    databaseBackend: "postgres", nexusVersion: "0.1.0", mac: Buffer.alloc(0),
  };
  const signed = { ...m, mac: manifestMac(key, m) };
  assert.ok(macMatches(key, signed));
  assert.ok(!macMatches(randomBytes(32), signed), "another key");
  const edits: Array<Partial<Manifest>> = [
    { formatVersion: 2 }, { createdTime: new Date("2026-12-04T00:00:01Z") }, { schemaVersion: 7 }, { keyCheckFingerprint: "00ff00ff00ff00fe" },
    { rootKeyGeneration: 2 }, { rowCounts: { a: 1, b: 3 } }, { archiveSha256: "ac".repeat(32) }, { archiveBytes: 101 },
    { archiveFormat: "x" }, { databaseBackend: "pglite" }, { nexusVersion: "0.1.1" },
  ];
  for (const edit of edits) assert.ok(!macMatches(key, { ...signed, ...edit }), JSON.stringify(edit));
  assert.ok(macMatches(key, { ...signed, rowCounts: { b: 2, a: 1 } }), "row counts in another order are the same manifest");
});
