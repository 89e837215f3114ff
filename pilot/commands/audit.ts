// `spike audit ...`: read, verify, export and prune Nexus's hash-chained audit log (superuser only).
import { InvalidArgumentError, Option, type Command } from "commander";
import { fromTimestamp, toTimestamp } from "../../lib/timestamp.js";
import type { AuditAnchor__Output } from "../../proto/types/spike/v1/AuditAnchor.js";
import type { AuditExportResponse__Output } from "../../proto/types/spike/v1/AuditExportResponse.js";
import type { AuditRecord__Output } from "../../proto/types/spike/v1/AuditRecord.js";
import type { AuditTailResponse__Output } from "../../proto/types/spike/v1/AuditTailResponse.js";
import type { AuditVerifyResponse__Output } from "../../proto/types/spike/v1/AuditVerifyResponse.js";
import type { AuditVerifyResult__Output } from "../../proto/types/spike/v1/AuditVerifyResult.js";
import { unary } from "../client/unary.js";
import type { PilotConfig } from "../config.js";
import { EXIT } from "../exit-codes.js";
import { CliError } from "../failure.js";
import { nonNegativeInt } from "../flags.js";
import { formatOption, print, toYaml, type Format } from "../output.js";
import { withNexus } from "../session.js";
import { readAdminToken } from "./operator.js";
import { progress } from "../progress.js";


const iso = (ts: { seconds: number; nanos: number } | null | undefined): string | null => fromTimestamp(ts)?.toISOString() ?? null;

function isoTime(flag: string) {
  return (text: string): Date => {
    const d = new Date(text);
    if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(d.getTime())) throw new InvalidArgumentError(`${flag} must be an ISO 8601 time such as 2026-01-31T00:00:00Z, not "${text}"`);
    return d;
  };
}

export function recordView(r: AuditRecord__Output): Record<string, unknown> {
  return {
    sequence: r.sequence,
    time: iso(r.time),
    caller: r.callerSpiffeId,
    action: r.action,
    resource: r.resource,
    outcome: r.outcome === "AUDIT_OUTCOME_OK" ? "ok" : r.outcome === "AUDIT_OUTCOME_DENIED" ? "denied" : "error",
    statusCode: r.statusCode,
    requestId: r.requestId,
    durationMicros: r.durationMicros,
    prevHash: r.prevHash.toString("hex"),
    hash: r.hash.toString("hex"),
  };
}

const anchorView = (a: AuditAnchor__Output | null): Record<string, unknown> => ({
  sequence: a?.sequence ?? 0,
  hash: a?.hash.toString("hex") ?? "",
  time: iso(a?.time),
});

const recordLine = (r: AuditRecord__Output): string =>
  `${String(r.sequence).padStart(6)}  ${iso(r.time) ?? ""}  ${r.statusCode.padEnd(17)} ${r.action.padEnd(22)} ${r.resource || "-"}  ${r.callerSpiffeId || "(no SVID)"}`;

/** Reads a server stream to its end, handing each message to `each`. */
function drain<T>(stream: NodeJS.EventEmitter & { cancel(): void }, each: (m: T) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on("data", each);
    stream.on("error", reject);
    stream.on("end", () => resolve());
  });
}

export function registerAudit(program: Command, config: () => PilotConfig): void {
  const audit = program.command("audit").description("the hash-chained audit log: tail, verify, export, prune (superuser)");

  audit
    .command("tail")
    .description("print the newest audit records; with --follow, keep printing new ones as they are written")
    .addOption(new Option("--last <n>", "how many of the newest records to start with (at most 10000)").argParser(nonNegativeInt("--last")).default(20))
    .addOption(new Option("--since <sequence>", "start after this sequence instead (resume)").argParser(nonNegativeInt("--since")))
    .option("-f, --follow", "keep the stream open and print each new record")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike audit tail --last 50\n  spike audit tail --follow\n  spike audit tail --since 1200 --format json   # one JSON object per line")
    .action(async (opts: { last: number; since?: number; follow?: boolean; format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const stream = nexus.audit.Tail({ sinceSequence: opts.since ?? 0, last: opts.last, follow: opts.follow === true });
        const stop = (): void => stream.cancel();
        process.once("SIGINT", stop);
        try {
          await drain<AuditTailResponse__Output>(stream, (m) => {
            if (m.record === null) return;
            if (opts.format === "json") process.stdout.write(`${JSON.stringify(recordView(m.record))}\n`);
            else if (opts.format === "yaml") process.stdout.write(`---\n${toYaml(recordView(m.record))}`);
            else process.stdout.write(`${recordLine(m.record)}\n`);
          }).catch((err: unknown) => {
            if ((err as { code?: number }).code === 1 /* CANCELLED: our own Ctrl-C */) return;
            throw err;
          });
        } finally {
          process.off("SIGINT", stop);
        }
      }, { streams: true });
    });

  audit
    .command("verify")
    .description("recompute the hash chain; exits non-zero naming the first broken record")
    .addOption(new Option("--from <sequence>", "first record to check (default: the oldest kept)").argParser(nonNegativeInt("--from")).default(0))
    .addOption(new Option("--to <sequence>", "last record to check (default: the newest)").argParser(nonNegativeInt("--to")).default(0))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike audit verify\n  spike audit verify --from 1000 --format json")
    .action(async (opts: { from: number; to: number; format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const bar = progress({ label: "verifying" });
        let result: AuditVerifyResult__Output | undefined;
        await drain<AuditVerifyResponse__Output>(nexus.audit.Verify({ fromSequence: opts.from, toSequence: opts.to }), (m) => {
          if (m.result) result = m.result;
          else if (m.progress) bar.update(Number(m.progress.done), Number(m.progress.total), "records");
        }).finally(() => bar.finish());
        if (result === undefined) throw new CliError("Nexus ended the verify stream without a result", EXIT.internal);
        const r = result;
        const view = {
          ok: r.ok,
          checked: r.checked,
          firstSequence: r.firstSequence,
          lastSequence: r.lastSequence,
          ...(r.ok ? {} : { brokenSequence: r.brokenSequence, reason: r.reason.replace("AUDIT_CHAIN_BREAK_", "").toLowerCase(), detail: r.detail }),
          anchor: anchorView(r.anchor),
        };
        print(opts.format, view, () =>
          r.ok
            ? `The audit chain is intact: ${r.checked} records checked (${r.firstSequence}..${r.lastSequence}).`
            : `The audit chain is BROKEN at record ${r.brokenSequence}: ${r.detail}`);
        if (!r.ok) {
          if (opts.format !== "human") process.stderr.write(`spike: the audit chain is broken at record ${r.brokenSequence}: ${r.detail}\n`);
          process.exitCode = EXIT.dataLoss;
        }
      }, { streams: true });
    });

  audit
    .command("export")
    .description("print audit records (oldest first) with the anchor, to verify or archive elsewhere")
    .addOption(new Option("--from <sequence>", "first record (default: the oldest kept)").argParser(nonNegativeInt("--from")).default(0))
    .addOption(new Option("--to <sequence>", "last record (default: the newest)").argParser(nonNegativeInt("--to")).default(0))
    .addOption(new Option("--start-time <time>", "only records at or after this ISO time").argParser(isoTime("--start-time")))
    .addOption(new Option("--end-time <time>", "only records before this ISO time").argParser(isoTime("--end-time")))
    .addOption(new Option("--format <format>", "output format").choices(["json", "yaml"]).default("json"))
    .addHelpText("after", "\nExamples:\n  spike audit export --format json > audit.json\n  spike audit export --start-time 2026-01-01T00:00:00Z --format yaml")
    .action(async (opts: { from: number; to: number; startTime?: Date; endTime?: Date; format: "json" | "yaml" }) => {
      await withNexus(config(), async (nexus) => {
        let anchor: Record<string, unknown> = anchorView(null);
        const records: Record<string, unknown>[] = [];
        const stream = nexus.audit.Export({
          fromSequence: opts.from,
          toSequence: opts.to,
          startTime: opts.startTime ? toTimestamp(opts.startTime) : null,
          endTime: opts.endTime ? toTimestamp(opts.endTime) : null,
        });
        await drain<AuditExportResponse__Output>(stream, (m) => {
          if (m.anchor) anchor = anchorView(m.anchor);
          else if (m.record) records.push(recordView(m.record));
        });
        print(opts.format, { anchor, records }, () => "");
      }, { streams: true });
    });

  audit
    .command("prune")
    .description("delete records written before a time; the chain stays verifiable from the new anchor (needs an admin token)")
    .addOption(new Option("--before <time>", "delete records written before this ISO time").argParser(isoTime("--before")).makeOptionMandatory())
    .option("--dry-run", "only count what would be deleted")
    .addOption(new Option("--admin-token-file <path>", "file holding an admin token (or set SPIKE_ADMIN_TOKEN)"))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike audit prune --before 2026-01-01T00:00:00Z --dry-run --admin-token-file ./admin-token")
    .action(async (opts: { before: Date; dryRun?: boolean; adminTokenFile?: string; format: Format }) => {
      const adminToken = readAdminToken(opts.adminTokenFile);
      await withNexus(config(), async (nexus) => {
        const r = await unary<{ pruned: number; anchor: AuditAnchor__Output | null }>((md, o, cb) =>
          nexus.audit.Prune({ adminToken, before: toTimestamp(opts.before), dryRun: opts.dryRun === true }, md, o, cb), 60_000);
        const anchor = anchorView(r.anchor);
        print(opts.format, { dryRun: opts.dryRun === true, pruned: r.pruned, anchor }, () =>
          `${opts.dryRun ? "Would delete" : "Deleted"} ${r.pruned} record${r.pruned === 1 ? "" : "s"}; the kept chain starts after record ${String(anchor.sequence)}.`);
      });
    });
}
