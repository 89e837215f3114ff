// `spike backup ...`: take a backup of Nexus's database, verify one, and run the restore drill (superuser). A backup
// is two files: the archive and `<archive>.manifest.json` beside it. See docs/backup.md.
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Option, type Command } from "commander";
import { fromTimestamp } from "../../lib/timestamp.js";
import type { BackupManifest } from "../../proto/types/spike/v1/BackupManifest.js";
import type { Progress__Output } from "../../proto/types/spike/v1/Progress.js";
import { createBackup, drillBackup, fileChunks, manifestFromJson, manifestToJson, restoreBackup, verifyBackup } from "../client/backup.js";
import type { PilotConfig } from "../config.js";
import { EXIT } from "../exit-codes.js";
import { CliError } from "../failure.js";
import { formatOption, print, type Format } from "../output.js";
import { withNexus } from "../session.js";
import { readShareFile, type ShareText } from "../shares.js";

/** One progress line on stderr, rewritten in place on a terminal; silent otherwise. */
function progressLine(): { show: (p: Progress__Output) => void; clear: () => void } {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return {
    show: (p) => {
      if (!tty) return;
      shown = true;
      const of = Number(p.total) > 0 ? `/${String(p.total)}` : "";
      process.stderr.write(`\r\x1b[K${p.stage}: ${String(p.done)}${of} ${p.unit}`);
    },
    clear: () => {
      if (shown) process.stderr.write("\r\x1b[K");
    },
  };
}

export const manifestPathFor = (archive: string): string => `${archive}.manifest.json`;

function readManifest(archive: string, explicit?: string): BackupManifest {
  const file = explicit ?? manifestPathFor(archive);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(`cannot read the manifest ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}); a backup is the archive and its manifest`, EXIT.invalid);
  }
  try {
    return manifestFromJson(JSON.parse(text));
  } catch (err) {
    throw new CliError(`the manifest ${file} is not a Spike backup manifest: ${(err as Error).message}`, EXIT.invalid);
  }
}

/** Checks the archive file against its manifest here, before anything is sent: size and SHA-256. */
async function localProblems(archive: string, manifest: BackupManifest): Promise<string[]> {
  if (!existsSync(archive)) throw new CliError(`no backup archive at ${archive}`, EXIT.notFound);
  const problems: string[] = [];
  const size = statSync(archive).size;
  const expected = Number(manifest.archiveBytes);
  if (size !== expected) problems.push(`the archive is ${size} bytes, the manifest says ${expected}${size < expected ? " (truncated)" : ""}`);
  const hash = createHash("sha256");
  for await (const piece of createReadStream(archive)) hash.update(piece as Buffer);
  if (hash.digest("hex") !== manifest.archiveSha256) problems.push("the archive's SHA-256 does not match the manifest: the archive is corrupt or was altered");
  return problems;
}

function failWith(problems: readonly string[], what: string, format: Format): void {
  if (format !== "human") process.stderr.write(`spike: ${what}: ${problems.join("; ")}\n`);
  process.exitCode = EXIT.dataLoss;
}

function collectShares(files: readonly string[], dir: string | undefined): ShareText[] {
  const paths = [...files];
  if (dir !== undefined) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => /^spike-share-\d+\.txt$/.test(n));
    } catch (err) {
      throw new CliError(`cannot read the shares directory ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, EXIT.invalid);
    }
    if (names.length === 0) throw new CliError(`${dir} holds no share files (spike-share-<n>.txt)`, EXIT.invalid);
    paths.push(...names.sort().map((n) => join(dir, n)));
  }
  return paths.map((p) => readShareFile(p));
}

/** The default archive name, without its extension (which follows the format Nexus chose). */
const defaultStem = (): string => `spike-backup-${new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}`;
const extensionFor = (archiveFormat: string): string => (archiveFormat === "pg_dump-custom" ? ".dump" : ".ndjson.gz");
/** --archive-format's short names, as the proto spells them. */
const ARCHIVE_FORMATS: Readonly<Record<string, string>> = { pgdump: "pg_dump-custom", logical: "spike-logical-v1" };

export function registerBackup(program: Command, config: () => PilotConfig): void {
  const backup = program.command("backup").description("back up Nexus's database, verify a backup, run the restore drill (superuser)");

  backup
    .command("create")
    .description("dump Nexus's database (one consistent snapshot; values stay encrypted) to a file and its manifest")
    .addOption(new Option("--out <file>", "the archive to write; the manifest goes to <file>.manifest.json").default(undefined, "spike-backup-<time>.dump (pgdump) or .ndjson.gz (logical)"))
    .addOption(new Option("--archive-format <format>", "pgdump: pg_dump -Fc of Nexus's schema, run by Nexus (PostgreSQL); logical: Spike's own format (PostgreSQL and PGlite)").choices(Object.keys(ARCHIVE_FORMATS)).default(undefined, "pgdump on PostgreSQL, logical on PGlite"))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike backup create --out /backups/nexus-$(date +%F).dump\n  spike backup create --archive-format logical --out nexus.ndjson.gz\n  spike backup create --format json | jq .archiveSha256\n\nThe archive alone does not restore Spike: keep the recovery shares (spike operator recover) apart from it.")
    .action(async (opts: { out?: string; archiveFormat?: string; format: Format }) => {
      const stem = defaultStem();
      const partial = `${opts.out ?? stem}.partial`;
      await withNexus(config(), async (nexus) => {
        const sink = createWriteStream(partial, { mode: 0o600 });
        const bar = progressLine();
        try {
          const manifest = await createBackup(nexus, sink, bar.show, ARCHIVE_FORMATS[opts.archiveFormat ?? ""] ?? "");
          sink.end();
          await once(sink, "finish");
          const out = opts.out ?? `${stem}${extensionFor(manifest.archiveFormat)}`;
          const json = manifestToJson(manifest);
          writeFileSync(manifestPathFor(out), `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
          renameSync(partial, out);
          bar.clear();
          const rows = Object.values(json.rowCounts).reduce((a, b) => a + b, 0);
          print(opts.format, { archive: out, manifest: manifestPathFor(out), ...json }, () =>
            [
              `Backup written: ${out} (${json.archiveFormat}, ${json.archiveBytes} bytes, ${rows} rows, schema version ${json.schemaVersion}, taken ${json.createdTime}).`,
              `Manifest: ${manifestPathFor(out)} (sha256 ${json.archiveSha256.slice(0, 16)}…, root key check ${json.keyCheckFingerprint || "none"}).`,
              "Restoring it needs the root key: keep the recovery share files, apart from this backup. Test it: spike backup drill " + out,
            ].join("\n"));
        } catch (err) {
          bar.clear();
          sink.destroy();
          rmSync(partial, { force: true });
          throw err;
        }
      }, { streams: true });
    });

  backup
    .command("verify <file>")
    .description("check a backup without restoring it: size, SHA-256, structure, row counts, schema version, manifest MAC")
    .addOption(new Option("--manifest <file>", "the manifest (default: <file>.manifest.json)"))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike backup verify nexus.dump\n\nExits 8 when the backup is corrupt, truncated, forged, or from a newer schema.")
    .action(async (file: string, opts: { manifest?: string; format: Format }) => {
      const manifest = readManifest(file, opts.manifest);
      const local = await localProblems(file, manifest);
      if (local.length > 0) {
        print(opts.format, { ok: false, problems: local }, () => `The backup is NOT usable:\n${local.map((p) => `  - ${p}`).join("\n")}`);
        failWith(local, "the backup is not usable", opts.format);
        return;
      }
      await withNexus(config(), async (nexus) => {
        const r = await verifyBackup(nexus, manifest, fileChunks(file));
        const view = { ok: r.ok, problems: r.problems, archiveSha256: r.archiveSha256, archiveBytes: Number(r.archiveBytes), tables: r.tocEntries, supportedSchemaVersion: r.supportedSchemaVersion, macVerified: r.macVerified };
        print(opts.format, view, () =>
          r.ok
            ? `The backup is intact: ${view.archiveBytes} bytes, ${r.tocEntries} tables, schema version ${manifest.schemaVersion ?? 0} (this Nexus runs up to ${r.supportedSchemaVersion}), manifest MAC ${r.macVerified ? "verified" : "not checked (another root key)"}.`
            : `The backup is NOT usable:\n${r.problems.map((p) => `  - ${p}`).join("\n")}`);
        if (!r.ok) failWith(r.problems, "the backup is not usable", opts.format);
      }, { streams: true });
    });

  backup
    .command("drill <file>")
    .description("restore a backup into a throwaway database, decrypt every secret version, verify the audit chain; print RPO and RTO")
    .addOption(new Option("--manifest <file>", "the manifest (default: <file>.manifest.json)"))
    .addOption(new Option("--share-file <path...>", "a recovery share file of the backup's root key (repeat; at least k)").default([]))
    .addOption(new Option("--shares-dir <dir>", "a directory of recovery share files (spike-share-<n>.txt)"))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike backup drill nexus.dump\n  spike backup drill nexus.dump --shares-dir /secure/recovery\n\nWithout shares, Nexus uses its own root key (from the Keepers), which works while it has not been rotated since the\nbackup. The drill never touches the live database (a pg_dump backup is restored with pg_restore into a new database\non the SPIKE_NEXUS_BACKUP_DRILL_DB_URI server). Exits 8 when any check fails.")
    .action(async (file: string, opts: { manifest?: string; shareFile: string[]; sharesDir?: string; format: Format }) => {
      const manifest = readManifest(file, opts.manifest);
      const shares = collectShares(opts.shareFile, opts.sharesDir);
      const local = await localProblems(file, manifest);
      if (local.length > 0) {
        print(opts.format, { ok: false, problems: local }, () => `The drill FAILED before restoring anything:\n${local.map((p) => `  - ${p}`).join("\n")}`);
        failWith(local, "the drill failed", opts.format);
        return;
      }
      await withNexus(config(), async (nexus) => {
        const bar = progressLine();
        const started = Date.now();
        let r;
        try {
          r = await drillBackup(nexus, manifest, shares, fileChunks(file), bar.show);
        } finally {
          bar.clear();
          for (const s of shares) s.value.fill(0);
        }
        const ts = manifest.createdTime as { seconds: number; nanos: number } | null | undefined;
        const taken = fromTimestamp(ts)?.toISOString() ?? "";
        const view = {
          ok: r.ok,
          problems: r.problems,
          secrets: r.secrets,
          versionsTotal: r.versionsTotal,
          versionsDecrypted: r.versionsDecrypted,
          auditChainOk: r.auditChainOk,
          auditRecords: Number(r.auditRecords),
          schemaVersion: r.schemaVersion,
          backupTime: taken,
          rpoSeconds: r.rpoSeconds,
          rtoMillis: r.rtoMillis,
          drillMillis: Date.now() - started,
        };
        print(opts.format, view, () =>
          [
            r.ok ? "Restore drill PASSED." : "Restore drill FAILED:",
            ...r.problems.map((p) => `  - ${p}`),
            `  secrets ${r.secrets}, versions decrypted ${r.versionsDecrypted}/${r.versionsTotal}, audit chain ${r.auditChainOk ? "intact" : "NOT verified"} (${view.auditRecords} records), schema version ${r.schemaVersion}`,
            `  RPO ${r.rpoSeconds} s (backup taken ${taken}); RTO ${(r.rtoMillis / 1000).toFixed(1)} s (restore to verified); whole drill ${(view.drillMillis / 1000).toFixed(1)} s`,
          ].join("\n"));
        if (!r.ok) failWith(r.problems, "the drill failed", opts.format);
      }, { streams: true });
    });

  backup
    .command("restore <file>")
    .description("load a logical backup into Nexus's own database, which must be empty (a new database); then restart Nexus and restore the root key")
    .addOption(new Option("--manifest <file>", "the manifest (default: <file>.manifest.json)"))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike backup restore nexus.ndjson.gz\n\nA pg_dump backup (.dump) is restored with pg_restore instead: see docs/backup.md. Run `spike backup drill` on the archive first. After the restore: restart Nexus, then\n`spike operator restore --file <share>` (restore role) unless its Keepers still hold the backup's root key.")
    .action(async (file: string, opts: { manifest?: string; format: Format }) => {
      const manifest = readManifest(file, opts.manifest);
      const local = await localProblems(file, manifest);
      if (local.length > 0) {
        print(opts.format, { ok: false, problems: local }, () => `Nothing restored; the backup is NOT usable:\n${local.map((p) => `  - ${p}`).join("\n")}`);
        failWith(local, "nothing restored", opts.format);
        return;
      }
      await withNexus(config(), async (nexus) => {
        const r = await restoreBackup(nexus, manifest, fileChunks(file));
        const rowCounts = Object.fromEntries(Object.entries(r.rowCounts).map(([k, v]) => [k, Number(v)]));
        const rows = Object.values(rowCounts).reduce((a, b) => a + b, 0);
        print(opts.format, { restored: true, rowCounts, schemaVersion: r.schemaVersion, keyCheckFingerprint: r.keyCheckFingerprint }, () =>
          [
            `Restored ${rows} rows (schema version ${r.schemaVersion}).`,
            `Next: restart Nexus, then give it the root key with check ${r.keyCheckFingerprint || "(none)"}: its Keepers, or spike operator restore --file <share> (restore role).`,
          ].join("\n"));
      }, { streams: true });
    });
}
