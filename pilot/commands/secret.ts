// `spike secret ...`: versioned secrets. Values print on stdout; with --format json|yaml, one document.
import { InvalidArgumentError, Option, type Command } from "commander";
import { fromTimestamp } from "../../lib/timestamp.js";
import { unary } from "../client/unary.js";
import type { PilotConfig } from "../config.js";
import { nonNegativeInt, pairCollector, parsePair, versionList } from "../flags.js";
import { formatOption, print, type Format } from "../output.js";
import { withNexus } from "../session.js";
import { readAdminToken } from "./operator.js";
import { CliError } from "../failure.js";
import { EXIT } from "../exit-codes.js";

const iso = (ts: { seconds: number; nanos: number } | null | undefined): string | null => fromTimestamp(ts)?.toISOString() ?? null;

function versionsFlag(): Option {
  return new Option("--versions <list>", "comma-separated versions (default: the current one)").argParser(versionList("--versions"));
}

export function registerSecret(program: Command, config: () => PilotConfig): void {
  const secret = program.command("secret").description("versioned, encrypted secrets");

  secret
    .command("put <path> <pairs...>")
    .description("write a new version holding exactly these key=value pairs")
    .addOption(new Option("--cas <version>", "write only if the current version is this (0: only if it does not exist)").argParser(nonNegativeInt("--cas")))
    .addOption(new Option("--meta <key=value>", "set custom metadata (repeatable; replaces all of it)").argParser(pairCollector("--meta")))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike secret put apps/billing/db user=billing password=s3cret\n  spike secret put apps/billing/db password=n3w --cas 1\n  spike secret put apps/x token=abc --meta owner=team-x")
    .action(async (path: string, pairs: string[], opts: { cas?: number; meta?: Record<string, string>; format: Format }) => {
      const data = Object.fromEntries(pairs.map((p) => parsePair(p, "each value")));
      await withNexus(config(), async (nexus) => {
        const res = await unary<{ version: number; createdTime: { seconds: number; nanos: number } | null }>((md, o, cb) =>
          nexus.secrets.Put({ path, data, ...(opts.cas !== undefined ? { cas: opts.cas } : {}), customMetadata: opts.meta ? { entries: opts.meta } : null }, md, o, cb));
        print(opts.format, { path, version: res.version, createdTime: iso(res.createdTime) }, () => `Wrote version ${res.version} of ${path}`);
      });
    });

  secret
    .command("get <path> [key]")
    .description("read a secret (the current version, or --version N); with a key, print only that value")
    .addOption(new Option("--version <n>", "the version to read").argParser(nonNegativeInt("--version")))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike secret get apps/billing/db\n  spike secret get apps/billing/db password\n  spike secret get apps/billing/db --version 2 --format json | jq .data")
    .action(async (path: string, key: string | undefined, opts: { version?: number; format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const res = await unary<{ data: Record<string, string>; version: number; currentVersion: number; createdTime: { seconds: number; nanos: number } | null }>((md, o, cb) =>
          nexus.secrets.Get({ path, version: opts.version ?? 0 }, md, o, cb));
        if (key !== undefined) {
          const value = res.data[key];
          if (value === undefined) throw new CliError(`version ${res.version} of ${path} has no key "${key}"`, EXIT.notFound);
          print(opts.format, { path, version: res.version, key, value }, () => value);
          return;
        }
        const keys = Object.keys(res.data).sort();
        print(opts.format, { path, version: res.version, currentVersion: res.currentVersion, createdTime: iso(res.createdTime), data: res.data }, () =>
          keys.map((k) => `${k}=${res.data[k] ?? ""}`).join("\n"));
      });
    });

  secret
    .command("list [prefix]")
    .description("list secret paths (all pages), optionally under a prefix")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike secret list\n  spike secret list apps/billing/")
    .action(async (prefix: string | undefined, opts: { format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const paths: string[] = [];
        let pageToken = "";
        do {
          const res = await unary<{ paths: string[]; nextPageToken: string }>((md, o, cb) => nexus.secrets.List({ prefix: prefix ?? "", pageToken, limit: 1000 }, md, o, cb));
          paths.push(...res.paths);
          pageToken = res.nextPageToken;
        } while (pageToken !== "");
        print(opts.format, { paths }, () => (paths.length === 0 ? "(no secrets)" : paths.join("\n")));
      });
    });

  for (const [name, verb, rpc] of [
    ["delete", "Deleted", "Delete"],
    ["undelete", "Undeleted", "Undelete"],
    ["destroy", "Destroyed", "Destroy"],
  ] as const) {
    const description = {
      delete: "soft-delete versions (undelete brings them back)",
      undelete: "bring soft-deleted versions back",
      destroy: "remove versions' data for good (needs --versions)",
    }[name];
    secret
      .command(`${name} <path>`)
      .description(description)
      .addOption(versionsFlag())
      .addOption(formatOption())
      .addHelpText("after", `\nExamples:\n  spike secret ${name} apps/billing/db${name === "destroy" ? " --versions 1,2" : "\n  spike secret " + name + " apps/billing/db --versions 1,2"}`)
      .action(async (path: string, opts: { versions?: number[]; format: Format }) => {
        await withNexus(config(), async (nexus) => {
          const versions = opts.versions ?? [];
          const res = await unary<{ versions: number[] }>((md, o, cb) => nexus.secrets[rpc]({ path, versions }, md, o, cb));
          print(opts.format, { path, versions: res.versions }, () =>
            res.versions.length === 0 ? `Nothing to change in ${path}` : `${verb} version${res.versions.length > 1 ? "s" : ""} ${res.versions.join(", ")} of ${path}`);
        });
      });
  }

  secret
    .command("destroy-prefix <prefix>")
    .description("remove every secret under a prefix, all versions, for good (needs an admin token)")
    .option("--dry-run", "only count what would be removed")
    .addOption(new Option("--admin-token-file <path>", "file holding an admin token (or set SPIKE_ADMIN_TOKEN)"))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike secret destroy-prefix apps/retired/ --dry-run --admin-token-file ./admin-token")
    .action(async (prefix: string, opts: { dryRun?: boolean; adminTokenFile?: string; format: Format }) => {
      const adminToken = readAdminToken(opts.adminTokenFile);
      await withNexus(config(), async (nexus) => {
        const r = await unary<{ secretsRemoved: number; versionsRemoved: number }>((md, o, cb) => nexus.secrets.DestroyPrefix({ prefix, adminToken, dryRun: opts.dryRun === true }, md, o, cb));
        print(opts.format, { prefix, dryRun: opts.dryRun === true, ...r }, () =>
          `${opts.dryRun ? "Would remove" : "Removed"} ${r.secretsRemoved} secret${r.secretsRemoved === 1 ? "" : "s"} (${r.versionsRemoved} versions) under ${prefix}`);
      });
    });

  const metadata = secret.command("metadata").description("a secret's settings and version history (never its values)");
  metadata
    .command("get <path>")
    .description("show current/oldest version, limits, custom metadata and each version's state")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike secret metadata get apps/billing/db --format yaml")
    .action(async (path: string, opts: { format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const m = await unary<MetadataMsg>((md, o, cb) => nexus.secrets.GetMetadata({ path }, md, o, cb));
        printMetadata(opts.format, m);
      });
    });

  metadata
    .command("set <path>")
    .description("change a secret's settings; what you leave out stays as it is")
    .addOption(new Option("--max-versions <n>", "how many versions to keep (0: the server default); lowering it removes the oldest for good").argParser(nonNegativeInt("--max-versions")))
    .addOption(new Option("--cas-required <bool>", "whether writes must carry --cas from now on (true|false)").argParser(booleanFlag("--cas-required")))
    .addOption(new Option("--meta <key=value>", "replace the custom metadata with these pairs (repeatable)").argParser(pairCollector("--meta")))
    .option("--clear-meta", "remove all custom metadata")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike secret metadata set apps/billing/db --max-versions 5 --cas-required true\n  spike secret metadata set apps/billing/db --meta owner=team-billing --meta ticket=OPS-12\n  spike secret metadata set apps/billing/db --clear-meta --format json")
    .action(async (path: string, opts: { maxVersions?: number; casRequired?: boolean; meta?: Record<string, string>; clearMeta?: boolean; format: Format }) => {
      if (opts.meta !== undefined && opts.clearMeta === true) throw new CliError("--meta and --clear-meta do not go together", EXIT.usage);
      if (opts.maxVersions === undefined && opts.casRequired === undefined && opts.meta === undefined && opts.clearMeta !== true) {
        throw new CliError("nothing to change: pass --max-versions, --cas-required, --meta or --clear-meta", EXIT.usage);
      }
      const customMetadata = opts.clearMeta === true ? { entries: {} } : opts.meta !== undefined ? { entries: opts.meta } : null;
      await withNexus(config(), async (nexus) => {
        const res = await unary<{ metadata: MetadataMsg | null }>((md, o, cb) =>
          nexus.secrets.UpdateMetadata({
            path,
            ...(opts.maxVersions !== undefined ? { maxVersions: opts.maxVersions } : {}),
            ...(opts.casRequired !== undefined ? { casRequired: opts.casRequired } : {}),
            customMetadata,
          }, md, o, cb));
        if (res.metadata === null) throw new CliError("Nexus answered without the metadata", EXIT.internal);
        printMetadata(opts.format, res.metadata, "Updated ");
      });
    });

  metadata
    .command("delete <path>")
    .description("remove a secret entirely: its settings and every version, for good")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike secret metadata delete apps/retired/db")
    .action(async (path: string, opts: { format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const r = await unary<{ versionsRemoved: number }>((md, o, cb) => nexus.secrets.DeleteMetadata({ path }, md, o, cb));
        print(opts.format, { path, versionsRemoved: r.versionsRemoved }, () => `Removed ${path} and its ${r.versionsRemoved} version${r.versionsRemoved === 1 ? "" : "s"} for good`);
      });
    });
}

type Ts = { seconds: number; nanos: number } | null;
interface MetadataMsg {
  path: string; currentVersion: number; oldestVersion: number; maxVersions: number; effectiveMaxVersions: number; casRequired: boolean;
  customMetadata: Record<string, string>; createdTime: Ts; updatedTime: Ts;
  versions: Array<{ version: number; createdTime: Ts; deletedTime: Ts; destroyed: boolean; destroyedTime: Ts }>;
}

function booleanFlag(flag: string) {
  return (text: string): boolean => {
    if (/^(true|yes|on|1)$/i.test(text)) return true;
    if (/^(false|no|off|0)$/i.test(text)) return false;
    throw new InvalidArgumentError(`${flag} must be true or false, not "${text}"`);
  };
}

function printMetadata(format: Format, m: MetadataMsg, lead = ""): void {
  const data = {
    path: m.path,
    currentVersion: m.currentVersion,
    oldestVersion: m.oldestVersion,
    maxVersions: m.effectiveMaxVersions,
    casRequired: m.casRequired,
    customMetadata: m.customMetadata,
    createdTime: iso(m.createdTime),
    updatedTime: iso(m.updatedTime),
    versions: m.versions.map((v) => ({
      version: v.version,
      createdTime: iso(v.createdTime),
      state: v.destroyed ? "destroyed" : v.deletedTime ? "deleted" : "live",
      ...(v.deletedTime ? { deletedTime: iso(v.deletedTime) } : {}),
      ...(v.destroyedTime ? { destroyedTime: iso(v.destroyedTime) } : {}),
    })),
  };
  print(format, data, () =>
    [
      `${lead}${data.path}: current version ${data.currentVersion}, oldest ${data.oldestVersion}, keeps ${data.maxVersions}${data.casRequired ? ", cas required" : ""}`,
      ...Object.entries(data.customMetadata).map(([k, v]) => `  meta ${k}=${v}`),
      ...data.versions.map((v) => `  v${v.version}  ${v.state.padEnd(9)} ${v.createdTime ?? ""}`),
    ].join("\n"));
}
