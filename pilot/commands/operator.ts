// `spike operator ...`: the root-key ceremonies and Nexus's readiness.
import { readFileSync, writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { fromTimestamp } from "../../lib/timestamp.js";
import { unary } from "../client/unary.js";
import type { PilotConfig } from "../config.js";
import { formatOption, print, type Format } from "../output.js";
import { withNexus } from "../session.js";
import { CliError } from "../failure.js";
import { EXIT } from "../exit-codes.js";
import { parseShare, readShareFile, writeShareFiles } from "../shares.js";
import { progress } from "../progress.js";
import type { OperatorStatusResponse__Output } from "../../proto/types/spike/v1/OperatorStatusResponse.js";
import type { OperatorRewrapResponse__Output } from "../../proto/types/spike/v1/OperatorRewrapResponse.js";
import type { OperatorRewrapResult__Output } from "../../proto/types/spike/v1/OperatorRewrapResult.js";

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

  registerBreakGlass(operator, config);

  operator
    .command("rewrap")
    .description("re-encrypt every old secret version and admin token under the active data key (runs in the background on Nexus)")
    .option("--watch", "only follow the running (or last) job; never start one")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike operator rewrap\n  spike operator rewrap --watch\n  spike operator rewrap --format json | jq .failures\n\nInterrupting the command does not stop the job; `--watch` picks it up again.")
    .action(async (opts: { watch?: boolean; format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const bar = progress({ label: "rewrap" });
        const result = await new Promise<OperatorRewrapResult__Output>((resolve, reject) => {
          let outcome: OperatorRewrapResult__Output | undefined;
          const stream = nexus.operator.Rewrap({ watchOnly: opts.watch === true });
          stream.on("data", (m: OperatorRewrapResponse__Output) => {
            if (m.result) outcome = m.result;
            else if (m.progress) bar.update(Number(m.progress.done), Number(m.progress.total), m.progress.unit, m.progress.stage || undefined);
          });
          stream.on("error", reject);
          stream.on("end", () => (outcome ? resolve(outcome) : reject(new CliError("Nexus ended the rewrap stream without a result", EXIT.internal))));
        }).finally(() => bar.finish());
        const view = { ...result, startTime: iso(result.startTime), finishTime: iso(result.finishTime) };
        print(opts.format, view, () =>
          [
            `Rewrap to data key ${result.targetKeyId}: ${result.rewrapped} re-encrypted, ${result.skipped} already current or changed meanwhile, ${result.failed} failed.`,
            ...result.failures.map((f) => `  failed ${f}`),
            ...(result.failed > result.failures.length ? [`  ... and ${result.failed - result.failures.length} more (see the Nexus log)`] : []),
          ].join("\n"));
        if (result.failed > 0) process.exitCode = EXIT.dataLoss;
      }, { streams: true });
    });

  operator
    .command("rotate")
    .description("rotate the data key (online; old versions still decrypt) or the root key (re-shards the Keepers)")
    .option("--data-key", "start a new active data key")
    .option("--root", "make a new root key, re-wrap the keyring, re-shard the Keepers (needs an admin token)")
    .addOption(new Option("--admin-token-file <path>", "file holding an admin token (for --root)"))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike operator rotate --data-key\n  spike operator rotate --root --admin-token-file ./admin-token\n\nAfter --root, share files from earlier `spike operator recover` runs no longer work: recover again.")
    .action(async (opts: { dataKey?: boolean; root?: boolean; adminTokenFile?: string; format: Format }) => {
      if (opts.dataKey === opts.root) throw new CliError("say which key to rotate: --data-key or --root", EXIT.usage);
      await withNexus(config(), async (nexus) => {
        if (opts.dataKey) {
          const r = await unary<{ keyId: number; previousKeyId: number }>((md, o, cb) => nexus.operator.RotateDataKey({}, md, o, cb));
          print(opts.format, r, () => `Data key ${r.keyId} is now active (was ${r.previousKeyId}).`);
          return;
        }
        const adminToken = readAdminToken(opts.adminTokenFile);
        const r = await unary<{ rootKeyGeneration: number; keyCheckFingerprint: string }>((md, o, cb) => nexus.operator.RotateRootKey({ adminToken }, md, o, cb), 60_000);
        print(opts.format, r, () => `Root key rotated: generation ${r.rootKeyGeneration}, check ${r.keyCheckFingerprint}. Run \`spike operator recover\` again: older share files no longer work.`);
      });
    });
}

/** An admin token from a file (first line), or from SPIKE_ADMIN_TOKEN; never from a flag (it would sit in shell history). */
export function readAdminToken(file: string | undefined): string {
  if (file !== undefined) {
    try {
      return readFileSync(file, "utf8").split("\n")[0]?.trim() ?? "";
    } catch (err) {
      throw new CliError(`cannot read the admin token file ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, EXIT.usage);
    }
  }
  const fromEnv = process.env.SPIKE_ADMIN_TOKEN;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv.trim();
  throw new CliError("this needs an admin token: pass --admin-token-file <path> or set SPIKE_ADMIN_TOKEN", EXIT.usage);
}

/** Reads one line from the terminal without echoing it (a share must not land in scrollback). */
async function hiddenLine(prompt: string): Promise<string | undefined> {
  const { createInterface } = await import("node:readline");
  const { Writable } = await import("node:stream");
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  process.stderr.write(prompt);
  muted = true;
  return new Promise((resolve) => {
    rl.once("line", (line) => {
      rl.close();
      process.stderr.write("\n");
      resolve(line);
    });
    rl.once("close", () => resolve(undefined));
  });
}

async function stdinLines(): Promise<string[]> {
  let text = "";
  for await (const chunk of process.stdin) text += (chunk as Buffer).toString();
  return text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
}

export function registerBreakGlass(operator: Command, config: () => PilotConfig): void {
  operator
    .command("recover")
    .description("break-glass export: write every share of the root key to its own file (recover role only)")
    .option("--dir <dir>", "directory for the share files (created 0700; files 0600)", "~/.spike/recover")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike operator recover --dir /secure/usb/spike-shares")
    .action(async (opts: { dir: string; format: Format }) => {
      const { expandHome } = await import("../../lib/env.js");
      const dir = expandHome(opts.dir);
      await withNexus(config(), async (nexus) => {
        const r = await unary<{ shares: Array<{ id: number; value: Buffer }>; sharesNeeded: number; rootKeyGeneration: number; keyCheckFingerprint: string }>(
          (md, o, cb) => nexus.operator.Recover({}, md, o, cb));
        const files = writeShareFiles(dir, r.shares);
        for (const s of r.shares) s.value.fill(0);
        print(opts.format, { files, sharesNeeded: r.sharesNeeded, rootKeyGeneration: r.rootKeyGeneration, keyCheckFingerprint: r.keyCheckFingerprint }, () =>
          [`Wrote ${files.length} shares (any ${r.sharesNeeded} rebuild the root key, check ${r.keyCheckFingerprint}):`, ...files.map((f) => `  ${f}`), "Move them apart and offline."].join("\n"));
      }, { devName: "pilot-recover" });
    });

  operator
    .command("restore")
    .description("break-glass import: feed shares to a Nexus that cannot rebuild its root key (restore role only)")
    .option("--file <path...>", "share files written by `spike operator recover`")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike operator restore --file spike-share-1.txt spike-share-3.txt\n  spike operator restore            # prompts for each share without echoing it\n  cat share | spike operator restore")
    .action(async (opts: { file?: string[]; format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const fromFiles = (opts.file ?? []).map((f) => readShareFile(f));
        const pending = [...fromFiles];
        if (pending.length === 0 && !process.stdin.isTTY) pending.push(...(await stdinLines()).map((l, i) => parseShare(l, `line ${i + 1} of stdin`)));
        let last: { collected: number; needed: number; restored: boolean } | undefined;
        for (;;) {
          let share = pending.shift();
          if (share === undefined && process.stdin.isTTY && opts.file === undefined && !last?.restored) {
            const line = await hiddenLine(`share ${last ? last.collected + 1 : 1}${last ? ` of ${last.needed}` : ""} (spike:<id>:<hex>): `);
            if (line === undefined || line.trim() === "") break;
            share = parseShare(line);
          }
          if (share === undefined) break;
          const s = share;
          const answer = await unary<{ collected: number; needed: number; restored: boolean }>((md, o, cb) => nexus.operator.Restore({ share: { id: s.id, value: s.value } }, md, o, cb));
          last = answer;
          s.value.fill(0);
          if (opts.format === "human") process.stderr.write(answer.restored ? "restored\n" : `${answer.collected} of ${answer.needed} shares collected\n`);
          if (answer.restored) break;
        }
        const result = last;
        if (result === undefined) throw new CliError("no share given: pass --file, pipe shares on stdin, or type them at the prompt", EXIT.usage);
        print(opts.format, result, () => (result.restored ? "The root key is restored and verified; Nexus re-seeded its Keepers." : `Collected ${result.collected} of ${result.needed} shares; feed more to finish.`));
        if (!result.restored) process.exitCode = EXIT.unavailable;
      }, { devName: "pilot-restore" });
    });
}
