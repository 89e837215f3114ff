// The client side of spike.v1.Backup: download an archive with its manifest, upload one to verify or drill, and the
// manifest's JSON file (`<archive>.manifest.json`). Streams both ways with backpressure; used by `spike backup`.
import * as grpc from "@grpc/grpc-js";
import { createReadStream } from "node:fs";
import type { Writable } from "node:stream";
import { writeWithBackpressure } from "../../lib/stream-write.js";
import { fromTimestamp, toTimestamp } from "../../lib/timestamp.js";
import type { BackupCreateResponse__Output } from "../../proto/types/spike/v1/BackupCreateResponse.js";
import type { BackupDrillResponse__Output } from "../../proto/types/spike/v1/BackupDrillResponse.js";
import type { BackupDrillResult__Output } from "../../proto/types/spike/v1/BackupDrillResult.js";
import type { BackupManifest, BackupManifest__Output } from "../../proto/types/spike/v1/BackupManifest.js";
import type { BackupRestoreResponse__Output } from "../../proto/types/spike/v1/BackupRestoreResponse.js";
import type { BackupVerifyResponse__Output } from "../../proto/types/spike/v1/BackupVerifyResponse.js";
import type { Progress__Output } from "../../proto/types/spike/v1/Progress.js";
import type { NexusConnection } from "./connect.js";

/** Archive pieces sent per message (the proto allows 1 MiB). */
const UPLOAD_CHUNK = 256 * 1024;

/** The manifest as its JSON file holds it. */
export interface ManifestJson {
  readonly formatVersion: number;
  readonly createdTime: string;
  readonly schemaVersion: number;
  readonly keyCheckFingerprint: string;
  readonly rootKeyGeneration: number;
  readonly rowCounts: Record<string, number>;
  readonly archiveSha256: string;
  readonly archiveBytes: number;
  readonly archiveFormat: string;
  readonly databaseBackend: string;
  readonly nexusVersion: string;
  /** base64 */
  readonly mac: string;
}

export function manifestToJson(m: BackupManifest__Output): ManifestJson {
  return {
    formatVersion: m.formatVersion,
    createdTime: fromTimestamp(m.createdTime)?.toISOString() ?? "",
    schemaVersion: m.schemaVersion,
    keyCheckFingerprint: m.keyCheckFingerprint,
    rootKeyGeneration: m.rootKeyGeneration,
    rowCounts: Object.fromEntries(Object.entries(m.rowCounts).map(([k, v]) => [k, Number(v)])),
    archiveSha256: m.archiveSha256,
    archiveBytes: Number(m.archiveBytes),
    archiveFormat: m.archiveFormat,
    databaseBackend: m.databaseBackend,
    nexusVersion: m.nexusVersion,
    mac: m.mac.toString("base64"),
  };
}

/** Parses a manifest file's JSON; throws an Error naming the field that is wrong. */
export function manifestFromJson(value: unknown): BackupManifest {
  const m = value as Partial<Record<keyof ManifestJson, unknown>> | null;
  if (typeof m !== "object" || m === null) throw new Error("is not a JSON object");
  const num = (k: keyof ManifestJson): number => {
    const v = m[k];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new Error(`field ${k} is not a non-negative integer`);
    return v;
  };
  const str = (k: keyof ManifestJson): string => {
    const v = m[k];
    if (typeof v !== "string") throw new Error(`field ${k} is not a string`);
    return v;
  };
  const created = new Date(str("createdTime"));
  if (Number.isNaN(created.getTime())) throw new Error("field createdTime is not a time");
  const counts = m.rowCounts;
  if (typeof counts !== "object" || counts === null) throw new Error("field rowCounts is not an object");
  const rowCounts: Record<string, number> = {};
  for (const [k, v] of Object.entries(counts as Record<string, unknown>)) {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new Error(`rowCounts.${k} is not a non-negative integer`);
    rowCounts[k] = v;
  }
  return {
    formatVersion: num("formatVersion"),
    createdTime: toTimestamp(created),
    schemaVersion: num("schemaVersion"),
    keyCheckFingerprint: str("keyCheckFingerprint"),
    rootKeyGeneration: num("rootKeyGeneration"),
    rowCounts,
    archiveSha256: str("archiveSha256"),
    archiveBytes: num("archiveBytes"),
    archiveFormat: str("archiveFormat"),
    databaseBackend: str("databaseBackend"),
    nexusVersion: str("nexusVersion"),
    mac: Buffer.from(str("mac"), "base64"),
  };
}

/** Downloads a backup into `sink` (awaiting the sink: backpressure reaches Nexus's dump); returns its manifest. */
/**
 * Downloads a backup into `sink` and returns its manifest. `format`: "pg_dump-custom", "spike-logical-v1", or ""
 * for Nexus's default (pg_dump-custom on PostgreSQL, spike-logical-v1 on the embedded PGlite).
 */
export async function createBackup(nexus: NexusConnection, sink: Writable, progress: (p: Progress__Output) => void = () => undefined, format = ""): Promise<BackupManifest__Output> {
  const call = nexus.backup.Create({ format });
  let manifest: BackupManifest__Output | null = null;
  try {
    for await (const m of call as AsyncIterable<BackupCreateResponse__Output>) {
      if (m.chunk !== undefined && m.event === "chunk") {
        await writeWithBackpressure(sink, m.chunk);
      } else if (m.progress) progress(m.progress);
      else if (m.manifest) manifest = m.manifest;
    }
  } catch (err) {
    call.cancel();
    throw err;
  }
  if (manifest === null) throw new Error("Nexus ended the backup stream without a manifest");
  return manifest;
}

/** An archive file as upload pieces. */
export async function* fileChunks(file: string): AsyncGenerator<Buffer> {
  for await (const piece of createReadStream(file, { highWaterMark: UPLOAD_CHUNK })) yield piece as Buffer;
}

async function upload<Req>(call: grpc.ClientWritableStream<Req> | grpc.ClientDuplexStream<Req, unknown>, first: Req, chunks: AsyncIterable<Buffer>, wrap: (chunk: Buffer) => Req): Promise<void> {
  await writeWithBackpressure(call, first);
  for await (const chunk of chunks) await writeWithBackpressure(call, wrap(chunk));
  call.end();
}

export async function verifyBackup(nexus: NexusConnection, manifest: BackupManifest, chunks: AsyncIterable<Buffer>, timeoutMs = 30 * 60_000): Promise<BackupVerifyResponse__Output> {
  let sending: Promise<void> = Promise.resolve();
  const answer = new Promise<BackupVerifyResponse__Output>((resolve, reject) => {
    const call = nexus.backup.Verify(new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => {
      if (err) reject(err);
      else if (res === undefined) reject(new Error("Nexus answered Verify with nothing"));
      else resolve(res);
    });
    sending = upload(call, { manifest }, chunks, (chunk) => ({ chunk }));
    sending.catch(() => call.cancel());
  });
  const [res] = await Promise.all([answer, sending.catch(() => undefined)]);
  return res;
}

/** Loads a backup into Nexus's own (empty) database. */
export async function restoreBackup(nexus: NexusConnection, manifest: BackupManifest, chunks: AsyncIterable<Buffer>, timeoutMs = 60 * 60_000): Promise<BackupRestoreResponse__Output> {
  let sending: Promise<void> = Promise.resolve();
  const answer = new Promise<BackupRestoreResponse__Output>((resolve, reject) => {
    const call = nexus.backup.Restore(new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => {
      if (err) reject(err);
      else if (res === undefined) reject(new Error("Nexus answered Restore with nothing"));
      else resolve(res);
    });
    sending = upload(call, { manifest }, chunks, (chunk) => ({ chunk }));
    sending.catch(() => call.cancel());
  });
  const [res] = await Promise.all([answer, sending.catch(() => undefined)]);
  return res;
}

export async function drillBackup(
  nexus: NexusConnection,
  manifest: BackupManifest,
  shares: ReadonlyArray<{ id: number; value: Buffer }>,
  chunks: AsyncIterable<Buffer>,
  progress: (p: Progress__Output) => void = () => undefined,
): Promise<BackupDrillResult__Output> {
  const call = nexus.backup.Drill();
  const sending = upload(call, { start: { manifest, shares: shares.map((s) => ({ id: s.id, value: s.value })) } }, chunks, (chunk) => ({ chunk }));
  let result: BackupDrillResult__Output | null = null;
  try {
    const reading = (async () => {
      for await (const m of call as AsyncIterable<BackupDrillResponse__Output>) {
        if (m.result) result = m.result;
        else if (m.progress) progress(m.progress);
      }
    })();
    await Promise.all([sending, reading]);
  } catch (err) {
    call.cancel();
    throw err;
  }
  if (result === null) throw new Error("Nexus ended the drill stream without a result");
  return result;
}
