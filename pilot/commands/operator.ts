// `spike operator ...`: the root-key ceremonies and Nexus's readiness.
import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { fromTimestamp } from "../../lib/timestamp.js";
import { unary } from "../client/connect.js";
import type { PilotConfig } from "../config.js";
import { formatOption, print, type Format } from "../output.js";
import { withNexus } from "../session.js";
import type { OperatorStatusResponse__Output } from "../../proto/types/spike/v1/OperatorStatusResponse.js";

type Ts = { seconds: number; nanos: number } | null;
const iso = (ts: Ts): string | null => fromTimestamp(ts)?.toISOString() ?? null;

export type StatusView = OperatorStatusResponse__Output;

export function describeStatus(s: StatusView): string {
  const state = s.readiness.replace(/^READINESS_/, "").toLowerCase().replace(/_/g, " ");
  return [
    `Nexus ${s.instance} (${s.version}): ${state}${s.reason ? ` — ${s.reason}` : ""}`,
    `  database: ${s.database?.reachable ? s.database.backend : `unreachable (${s.database?.error ?? "unknown"})`}`,
    s.bootstrapped ? `  root key: generation ${s.rootKeyGeneration}, ${s.sharesNeeded} of ${s.sharesTotal} shares rebuild it, check ${s.keyCheckFingerprint}, data key ${s.activeKeyId}` : "  root key: not bootstrapped",
    ...s.keepers.map((k) => `  keeper ${k.shareId} ${k.address}: ${k.reachable ? (k.hasShare ? "holds its share" : "reachable, no share") : "unreachable"}`),
  ].join("\n");
}

export function registerOperator(program: Command, config: () => PilotConfig): void {
  const operator = program.command("operator").description("root-key ceremonies and Nexus readiness");

  operator
    .command("bootstrap")
    .description("make the root key, share it with the Keepers, and print the first admin token (once)")
    .option("--token-name <name>", "a label for the first admin token", "bootstrap")
    .addOption(new Option("--token-file <path>", "write the admin token to this file (mode 0600) instead of printing it"))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike operator bootstrap --token-file ./admin-token\n  spike operator bootstrap --format json | jq -r .adminToken")
    .action(async (opts: { tokenName: string; tokenFile?: string; format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const res = await unary<{ adminToken: string; sharesTotal: number; sharesNeeded: number; keyCheckFingerprint: string; adminTokenInfo: { id: string } | null }>(
          (md, o, cb) => nexus.operator.Bootstrap({ adminTokenName: opts.tokenName }, md, o, cb), 60_000);
        if (opts.tokenFile !== undefined) writeFileSync(opts.tokenFile, `${res.adminToken}\n`, { mode: 0o600 });
        const shown = opts.tokenFile === undefined ? res.adminToken : undefined;
        print(opts.format, { sharesTotal: res.sharesTotal, sharesNeeded: res.sharesNeeded, keyCheckFingerprint: res.keyCheckFingerprint, adminTokenId: res.adminTokenInfo?.id ?? null, ...(shown ? { adminToken: shown } : { adminTokenFile: opts.tokenFile }) }, () =>
          [
            `Bootstrapped: the root key is shared ${res.sharesNeeded}-of-${res.sharesTotal} across the Keepers (check ${res.keyCheckFingerprint}).`,
            shown ? `Admin token (shown once; keep it offline): ${shown}` : `Admin token written to ${opts.tokenFile} (mode 0600).`,
          ].join("\n"));
      });
    });

  operator
    .command("status")
    .description("readiness, the reason when not ready, the root key's shape, and each Keeper as Nexus sees it")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike operator status\n  spike operator status --format json | jq .readiness")
    .action(async (opts: { format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const s = await unary<StatusView>((md, o, cb) => nexus.operator.Status({}, md, o, cb));
        print(opts.format, { ...s, startTime: iso(s.startTime), readyTime: iso(s.readyTime), keepers: s.keepers.map((k) => ({ ...k, lastContactTime: iso(k.lastContactTime) })) }, () => describeStatus(s));
      });
    });

  operator
    .command("rotate")
    .description("start a new data key (new writes use it; old versions still decrypt)")
    .requiredOption("--data-key", "rotate the active data key")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike operator rotate --data-key")
    .action(async (opts: { format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const r = await unary<{ keyId: number; previousKeyId: number }>((md, o, cb) => nexus.operator.RotateDataKey({}, md, o, cb));
        print(opts.format, r, () => `Data key ${r.keyId} is now active (was ${r.previousKeyId}).`);
      });
    });
}
