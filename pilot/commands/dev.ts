// `spike dev ...`: the local development identity provider and stack. Nothing here is for production.
import { InvalidArgumentError, Option, type Command } from "commander";
import { parseSpiffeId } from "../../spiffe/id.js";
import { issueX509Svid } from "../../spiffe/ca.js";
import { DEFAULT_SVID_TTL_MS, DevIssuer, defaultRegistrations, devSocketPath, lockDevDir, openDevCa, writeSvidFiles, type DevRegistration } from "../../spiffe/dev-issuer.js";
import { parseDurationMs } from "../../lib/env.js";
import type { PilotConfig } from "../config.js";
import { runDevStack } from "../dev-stack.js";
import { formatOption, print, type Format } from "../output.js";

function positive(name: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, not "${text}"`);
    return n;
  };
}

function durationFlag(name: string) {
  return (text: string): number => {
    try {
      return parseDurationMs(text);
    } catch (err) {
      throw new InvalidArgumentError(`${name}: ${(err as Error).message}`);
    }
  };
}

function registration(text: string, previous: DevRegistration[]): DevRegistration[] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`--register wants name=spiffe-id, not "${text}"`);
  const spiffeId = text.slice(eq + 1);
  try {
    parseSpiffeId(spiffeId);
  } catch (err) {
    throw new InvalidArgumentError(`--register: ${(err as Error).message}`);
  }
  return [...previous, { name: text.slice(0, eq), spiffeId }];
}

export function registerDev(program: Command, config: () => PilotConfig): void {
  const dev = program.command("dev").description("local development: an identity issuer and the whole stack on this machine");

  dev
    .command("up")
    .description("start the dev issuer, the Keepers and Nexus on embedded defaults (what `npm start` runs)")
    .addOption(new Option("--keepers <n>", "how many Keepers").default(3).argParser(positive("--keepers")))
    .addOption(new Option("--nexus-port <port>", "Nexus's port on 127.0.0.1").default(8553).argParser(positive("--nexus-port")))
    .addOption(new Option("--keeper-port <port>", "the first Keeper's port on 127.0.0.1").default(8443).argParser(positive("--keeper-port")))
    .addHelpText("after", "\nExamples:\n  spike dev up\n  SPIKE_DEV_DIR=/tmp/spike-dev spike dev up --nexus-port 9553")
    .action(async (opts: { keepers: number; nexusPort: number; keeperPort: number }) => {
      const cfg = config();
      await runDevStack({
        devDir: cfg.SPIKE_DEV_DIR,
        trustDomain: cfg.SPIKE_TRUST_ROOT[0] as string,
        keepers: opts.keepers,
        nexusPort: opts.nexusPort,
        keeperPort: opts.keeperPort,
        say: (line) => process.stdout.write(`${line}\n`),
      });
    });

  dev
    .command("issuer")
    .description("serve the SPIFFE Workload API for the Spike roles (and --register'ed workloads), one Unix socket each")
    .addOption(new Option("--keepers <n>", "how many Keeper identities").default(3).argParser(positive("--keepers")))
    .addOption(new Option("--svid-ttl <duration>", "SVID lifetime; renewed at half-life").default(DEFAULT_SVID_TTL_MS).argParser(durationFlag("--svid-ttl")))
    .addOption(new Option("--register <name=spiffe-id>", "also serve this identity at <dir>/agent/<name>.sock (repeatable)").default([]).argParser(registration))
    .addHelpText("after", "\nExamples:\n  spike dev issuer\n  spike dev issuer --register billing=spiffe://spike.ist/workload/billing")
    .action(async (opts: { keepers: number; svidTtl: number; register: DevRegistration[] }) => {
      const cfg = config();
      const trustDomain = cfg.SPIKE_TRUST_ROOT[0] as string;
      const registrations = [...defaultRegistrations(trustDomain, opts.keepers), ...opts.register];
      const release = lockDevDir(cfg.SPIKE_DEV_DIR);
      const issuer = await DevIssuer.start({ devDir: cfg.SPIKE_DEV_DIR, trustDomain, registrations, svidTtlMs: opts.svidTtl }).catch((err: unknown) => {
        release();
        throw err;
      });
      for (const reg of registrations) process.stdout.write(`${reg.spiffeId}  unix://${devSocketPath(cfg.SPIKE_DEV_DIR, reg.name)}\n`);
      process.stdout.write("Serving the Workload API; Ctrl-C stops.\n");
      const stop = (): void =>
        void issuer.stop().then(() => {
          release();
          process.exit(0);
        });
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });

  dev
    .command("svid")
    .description("write an SVID from the dev CA as svid.pem, svid_key.pem and bundle.pem (for tools and non-Node clients)")
    .requiredOption("--id <spiffe-id>", "the SPIFFE ID to issue")
    .requiredOption("--out <dir>", "directory for the three files (created 0700)")
    .addOption(new Option("--ttl <duration>", "lifetime").default(DEFAULT_SVID_TTL_MS).argParser(durationFlag("--ttl")))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike dev svid --id spiffe://spike.ist/workload/billing --out ./billing-svid")
    .action(async (opts: { id: string; out: string; ttl: number; format: Format }) => {
      const cfg = config();
      const id = parseSpiffeId(opts.id);
      const ca = await openDevCa(cfg.SPIKE_DEV_DIR, id.trustDomain);
      const svid = await issueX509Svid(ca, { spiffeId: id.text, ttlMs: opts.ttl });
      const paths = writeSvidFiles(opts.out, svid, ca);
      print(opts.format, { spiffeId: id.text, ...paths, notAfter: svid.notAfter.toISOString() }, () =>
        `${paths.cert}\n${paths.key}\n${paths.bundle}\nvalid until ${svid.notAfter.toISOString()}`);
    });
}
