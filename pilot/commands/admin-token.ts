// `spike admin-token ...`: the second factor for dangerous ceremonies. A new token is shown once.
import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { fromTimestamp } from "../../lib/timestamp.js";
import type { AdminToken__Output } from "../../proto/types/spike/v1/AdminToken.js";
import { unary } from "../client/unary.js";
import type { PilotConfig } from "../config.js";
import { formatOption, print, type Format } from "../output.js";
import { withNexus } from "../session.js";
import { readAdminToken } from "./operator.js";

const iso = (ts: { seconds: number; nanos: number } | null): string | null => fromTimestamp(ts)?.toISOString() ?? null;

function view(t: AdminToken__Output | null) {
  return t === null ? null : {
    id: t.id, name: t.name, createdBy: t.createdBy, createdTime: iso(t.createdTime), expireTime: iso(t.expireTime),
    lastUsedTime: iso(t.lastUsedTime), revokedTime: iso(t.revokedTime),
  };
}

export function registerAdminToken(program: Command, config: () => PilotConfig): void {
  const tokens = program.command("admin-token").description("admin tokens: the second factor for root-key rotation and prefix destroy");

  tokens
    .command("create <name>")
    .description("create an admin token (authorized by an existing one) and show it once")
    .addOption(new Option("--admin-token-file <path>", "file holding an existing admin token (or set SPIKE_ADMIN_TOKEN)"))
    .addOption(new Option("--out <path>", "write the new token to this file (mode 0600) instead of printing it"))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike admin-token create ops-rotation --admin-token-file ./admin-token --out ./ops-token")
    .action(async (name: string, opts: { adminTokenFile?: string; out?: string; format: Format }) => {
      const adminToken = readAdminToken(opts.adminTokenFile);
      await withNexus(config(), async (nexus) => {
        const r = await unary<{ token: string; info: AdminToken__Output | null }>((md, o, cb) => nexus.adminTokens.Create({ adminToken, name, expireTime: null }, md, o, cb));
        if (opts.out !== undefined) writeFileSync(opts.out, `${r.token}\n`, { mode: 0o600 });
        print(opts.format, { ...view(r.info), ...(opts.out === undefined ? { token: r.token } : { tokenFile: opts.out }) }, () =>
          opts.out === undefined ? `Admin token ${r.info?.id} (shown once): ${r.token}` : `Admin token ${r.info?.id} written to ${opts.out} (0600).`);
      });
    });

  tokens
    .command("list")
    .description("list admin tokens (metadata only; never the tokens)")
    .option("--all", "include revoked and expired tokens")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike admin-token list\n  spike admin-token list --all --format json | jq '.tokens[].name'")
    .action(async (opts: { all?: boolean; format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const r = await unary<{ tokens: AdminToken__Output[] }>((md, o, cb) => nexus.adminTokens.List({ includeInactive: opts.all === true, pageToken: "", limit: 1000 }, md, o, cb));
        const list = r.tokens.map(view);
        print(opts.format, { tokens: list }, () =>
          list.length === 0 ? "(no admin tokens)" : list.map((t) => `${t?.id}  ${t?.name}  created ${t?.createdTime} by ${t?.createdBy}${t?.revokedTime ? `  revoked ${t.revokedTime}` : ""}`).join("\n"));
      });
    });

  tokens
    .command("revoke <id>")
    .description("revoke an admin token at once (authorized by a valid one, which may be the same)")
    .addOption(new Option("--admin-token-file <path>", "file holding a valid admin token (or set SPIKE_ADMIN_TOKEN)"))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike admin-token revoke 3f2a9c1e --admin-token-file ./admin-token")
    .action(async (id: string, opts: { adminTokenFile?: string; format: Format }) => {
      const adminToken = readAdminToken(opts.adminTokenFile);
      await withNexus(config(), async (nexus) => {
        const r = await unary<{ info: AdminToken__Output | null }>((md, o, cb) => nexus.adminTokens.Revoke({ adminToken, id }, md, o, cb));
        print(opts.format, view(r.info), () => `Revoked admin token ${id}.`);
      });
    });
}
