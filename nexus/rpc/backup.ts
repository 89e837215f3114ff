// spike.v1.Backup: create, verify, drill and restore backups (issue 7, ADR 0021). Superuser only; Create and Verify need only
// the database, so they work while Nexus waits for its root key. The work is in nexus/backup/service.ts.
import { SpikeError, invalidArgument } from "../../lib/errors.js";
import { fromTimestamp, toTimestamp } from "../../lib/timestamp.js";
import type { BackupDefinition } from "../../proto/types/spike/v1/Backup.js";
import type { BackupCreateRequest__Output } from "../../proto/types/spike/v1/BackupCreateRequest.js";
import type { BackupCreateResponse } from "../../proto/types/spike/v1/BackupCreateResponse.js";
import type { BackupDrillRequest__Output } from "../../proto/types/spike/v1/BackupDrillRequest.js";
import type { BackupDrillResponse } from "../../proto/types/spike/v1/BackupDrillResponse.js";
import type { BackupRestoreRequest__Output } from "../../proto/types/spike/v1/BackupRestoreRequest.js";
import type { BackupRestoreResponse } from "../../proto/types/spike/v1/BackupRestoreResponse.js";
import type { BackupManifest, BackupManifest__Output } from "../../proto/types/spike/v1/BackupManifest.js";
import type { BackupVerifyRequest__Output } from "../../proto/types/spike/v1/BackupVerifyRequest.js";
import type { BackupVerifyResponse } from "../../proto/types/spike/v1/BackupVerifyResponse.js";
import { ARCHIVE_FORMAT } from "../backup/archive.js";
import type { Manifest } from "../backup/manifest.js";
import { PGDUMP_FORMAT } from "../backup/pgdump.js";
import type { Share } from "../crypto/shamir.js";
import type { NexusRpcContext } from "./context.js";
import { bidiStream, clientStream, serverStream, type ServiceRpcs } from "./define.js";
import { roles } from "./guards.js";

export function manifestMessage(m: Manifest): BackupManifest {
  return {
    formatVersion: m.formatVersion,
    createdTime: toTimestamp(m.createdTime),
    schemaVersion: m.schemaVersion,
    keyCheckFingerprint: m.keyCheckFingerprint,
    rootKeyGeneration: m.rootKeyGeneration,
    rowCounts: { ...m.rowCounts },
    archiveSha256: m.archiveSha256,
    archiveBytes: m.archiveBytes,
    archiveFormat: m.archiveFormat,
    databaseBackend: m.databaseBackend,
    nexusVersion: m.nexusVersion,
    mac: m.mac,
  };
}

function manifestFrom(m: BackupManifest__Output | null | undefined): Manifest {
  if (m === null || m === undefined) throw invalidArgument("the first message must carry the backup's manifest");
  const created = fromTimestamp(m.createdTime);
  if (created === null) throw invalidArgument("manifest.created_time is missing");
  if (!/^[0-9a-f]{64}$/.test(m.archiveSha256)) throw invalidArgument("manifest.archive_sha256 must be 64 lower-case hex digits");
  const rowCounts: Record<string, number> = {};
  for (const [table, n] of Object.entries(m.rowCounts)) rowCounts[table] = Number(n);
  return {
    formatVersion: m.formatVersion,
    createdTime: created,
    schemaVersion: m.schemaVersion,
    keyCheckFingerprint: m.keyCheckFingerprint,
    rootKeyGeneration: m.rootKeyGeneration,
    rowCounts,
    archiveSha256: m.archiveSha256,
    archiveBytes: Number(m.archiveBytes),
    archiveFormat: m.archiveFormat,
    databaseBackend: m.databaseBackend,
    nexusVersion: m.nexusVersion,
    mac: Buffer.from(m.mac),
  };
}

/** The chunks after the first message; any later message that is not a chunk is refused. */
async function* chunksOf<R extends { chunk?: Buffer; part?: string }>(rest: AsyncIterator<R>): AsyncGenerator<Buffer> {
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
    if (next.value.part !== "chunk" || next.value.chunk === undefined) throw invalidArgument("after the first message, every message must be an archive chunk");
    yield next.value.chunk;
  }
}

export function backupRpcs(ctx: NexusRpcContext): ServiceRpcs<BackupDefinition> {
  const superuser = roles(ctx.trustDomains, "superuser");
  return {
    Create: serverStream<BackupCreateRequest__Output, BackupCreateResponse, string>({
      guard: superuser,
      validate: (req) => {
        if (req.format !== "" && req.format !== PGDUMP_FORMAT && req.format !== ARCHIVE_FORMAT) {
          throw invalidArgument(`format "${req.format.slice(0, 40)}" is not a backup format; use ${PGDUMP_FORMAT}, ${ARCHIVE_FORMAT} or leave it empty`);
        }
        return req.format;
      },
      act: async (format, _ctx, send, signal) => {
        // A caller that went away stops the dump (and its snapshot transaction) at the next chunk.
        const sendOrStop = async (message: BackupCreateResponse): Promise<void> => {
          if (signal.aborted) throw new SpikeError("unavailable", "the caller cancelled the backup");
          await send(message);
        };
        const manifest = await ctx.backup().create(
          format,
          (chunk) => sendOrStop({ chunk }),
          (progress) => sendOrStop({ progress }),
        );
        // A caller that cancelled after the last chunk never gets the manifest: without it the backup is not one.
        await sendOrStop({ manifest: manifestMessage(manifest) });
      },
    }),
    Verify: clientStream<BackupVerifyRequest__Output, BackupVerifyResponse>({
      guard: superuser,
      act: async (requests) => {
        const it = requests[Symbol.asyncIterator]();
        const first = await it.next();
        if (first.done === true || first.value.part !== "manifest") throw invalidArgument("the first message must carry the backup's manifest");
        const manifest = manifestFrom(first.value.manifest);
        const r = await ctx.backup().verify(manifest, chunksOf(it));
        return {
          ok: r.problems.length === 0,
          problems: r.problems,
          archiveSha256: r.archiveSha256,
          archiveBytes: r.archiveBytes,
          tocEntries: r.tables,
          supportedSchemaVersion: r.supportedSchemaVersion,
          macVerified: r.macVerified,
        };
      },
    }),
    Restore: clientStream<BackupRestoreRequest__Output, BackupRestoreResponse>({
      guard: superuser,
      act: async (requests) => {
        const it = requests[Symbol.asyncIterator]();
        const first = await it.next();
        if (first.done === true || first.value.part !== "manifest") throw invalidArgument("the first message must carry the backup's manifest");
        const r = await ctx.backup().restore(manifestFrom(first.value.manifest), chunksOf(it));
        return { rowCounts: r.rowCounts, schemaVersion: r.schemaVersion, keyCheckFingerprint: r.keyCheckFingerprint };
      },
    }),
    Drill: bidiStream<BackupDrillRequest__Output, BackupDrillResponse>({
      guard: superuser,
      act: async (requests, _ctx, send) => {
        const it = requests[Symbol.asyncIterator]();
        const first = await it.next();
        if (first.done === true || first.value.part !== "start" || first.value.start === null || first.value.start === undefined) {
          throw invalidArgument("the first message must be the drill's start (manifest and any shares)");
        }
        const manifest = manifestFrom(first.value.start.manifest);
        const shares: Share[] = first.value.start.shares.map((s) => ({ id: s.id, value: Buffer.from(s.value) }));
        try {
          const r = await ctx.backup().drill({ manifest, shares }, chunksOf(it), (progress) => send({ progress }));
          await send({
            result: {
              ok: r.problems.length === 0,
              problems: r.problems,
              secrets: r.secrets,
              versionsTotal: r.versionsTotal,
              versionsDecrypted: r.versionsDecrypted,
              auditChainOk: r.auditChainOk,
              auditRecords: r.auditRecords,
              schemaVersion: r.schemaVersion,
              rpoSeconds: r.rpoSeconds,
              rtoMillis: r.rtoMillis,
            },
          });
        } finally {
          for (const s of shares) s.value.fill(0);
        }
      },
    }),
  };
}
