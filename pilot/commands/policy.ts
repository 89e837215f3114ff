// `spike policy ...`: access policies for workloads. A policy grants permissions (read, write, list, execute,
// super) to the callers whose SPIFFE ID matches its SPIFFE-ID pattern, on the paths matching its path pattern.
// Patterns are RE2 regular expressions matched against the whole string.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { Option, type Command } from "commander";
import { parse as parseYaml } from "yaml";
import { fromTimestamp } from "../../lib/timestamp.js";
import { unary } from "../client/unary.js";
import type { PilotConfig } from "../config.js";
import { EXIT } from "../exit-codes.js";
import { CliError } from "../failure.js";
import { formatOption, print, type Format } from "../output.js";
import { withNexus } from "../session.js";
import { Permission, type Permission__Output } from "../../proto/types/spike/v1/Permission.js";
import type { Policy__Output } from "../../proto/types/spike/v1/Policy.js";
import type { PoliciesApplyResponse__Output } from "../../proto/types/spike/v1/PoliciesApplyResponse.js";
import type { PoliciesCreateResponse__Output } from "../../proto/types/spike/v1/PoliciesCreateResponse.js";
import type { PoliciesGetResponse__Output } from "../../proto/types/spike/v1/PoliciesGetResponse.js";
import type { PoliciesListResponse__Output } from "../../proto/types/spike/v1/PoliciesListResponse.js";

type Ts = { seconds: number | string; nanos: number } | null;
type PolicyMsg = Policy__Output;
interface Spec {
  name: string;
  spiffeIdPattern: string;
  pathPattern: string;
  permissions: Permission__Output[];
}
interface SpecFlags {
  file?: string;
  name?: string;
  spiffeIdPattern?: string;
  pathPattern?: string;
  permissions?: string;
  format: Format;
}

/** Nexus always answers with the policy; a response without one is a broken server. */
function must(p: PolicyMsg | null): PolicyMsg {
  if (p === null) throw new CliError("Nexus answered without the policy", EXIT.internal);
  return p;
}

const iso = (ts: Ts): string | null => fromTimestamp(ts)?.toISOString() ?? null;
const shortPerm = (p: string): string => p.replace(/^PERMISSION_/, "").toLowerCase();
const GRANTABLE = Object.values(Permission).filter((p) => p !== Permission.PERMISSION_UNSPECIFIED);

/** "read" or "PERMISSION_READ" -> PERMISSION_READ; anything else is refused here, naming it. */
function toWire(p: string): Permission__Output {
  const wanted = `PERMISSION_${p.trim().toUpperCase().replace(/^PERMISSION_/, "")}`;
  const found = GRANTABLE.find((g) => g === wanted);
  if (found === undefined) throw new CliError(`unknown permission "${p.trim()}": use ${GRANTABLE.map(shortPerm).join(", ")}`, EXIT.invalid);
  return found;
}

const view = (p: PolicyMsg) => ({
  name: p.name,
  spiffeIdPattern: p.spiffeIdPattern,
  pathPattern: p.pathPattern,
  permissions: p.permissions.map(shortPerm),
  createdTime: iso(p.createdTime),
  updatedTime: iso(p.updatedTime),
  createdBy: p.createdBy,
  updatedBy: p.updatedBy,
});

const human = (p: PolicyMsg): string =>
  [`${p.name}`, `  spiffe-id-pattern: ${p.spiffeIdPattern}`, `  path-pattern:      ${p.pathPattern}`, `  permissions:       ${p.permissions.map(shortPerm).join(", ")}`].join("\n");

/** A policy from --file (YAML or JSON) or from flags; flags given with --file override the file's keys. */
function specFrom(opts: SpecFlags): Spec {
  let fromFile: Record<string, unknown> = {};
  if (opts.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(opts.file, "utf8");
    } catch (err) {
      throw new CliError(`cannot read ${opts.file}: ${err instanceof Error ? err.message : String(err)}`, EXIT.usage);
    }
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (err) {
      throw new CliError(`${opts.file} is not valid YAML: ${err instanceof Error ? err.message : String(err)}`, EXIT.usage);
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new CliError(`${opts.file} must hold a mapping with name, spiffeIdPattern, pathPattern, permissions`, EXIT.usage);
    fromFile = doc as Record<string, unknown>;
    const known = new Set(["name", "spiffeIdPattern", "pathPattern", "permissions"]);
    const unknown = Object.keys(fromFile).filter((k) => !known.has(k));
    if (unknown.length > 0) throw new CliError(`${opts.file}: unknown key${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (expected name, spiffeIdPattern, pathPattern, permissions)`, EXIT.usage);
  }
  const str = (flag: string | undefined, key: string, flagName: string): string => {
    if (flag !== undefined) return flag;
    const v = fromFile[key];
    if (typeof v === "string" && v !== "") return v;
    if (v !== undefined) throw new CliError(`${opts.file ?? "the policy file"}: ${key} must be a non-empty string`, EXIT.usage);
    throw new CliError(`missing ${flagName} (or ${key} in --file)`, EXIT.usage);
  };
  let permissions: string[];
  if (opts.permissions !== undefined) permissions = opts.permissions.split(",").filter((p) => p.trim() !== "");
  else {
    const v = fromFile.permissions;
    if (Array.isArray(v) && v.every((p): p is string => typeof p === "string")) permissions = v;
    else if (typeof v === "string") permissions = v.split(",").filter((p) => p.trim() !== "");
    else if (v === undefined) throw new CliError("missing --permissions (or permissions in --file)", EXIT.usage);
    else throw new CliError(`${opts.file ?? "the policy file"}: permissions must be a list of names`, EXIT.usage);
  }
  return {
    name: str(opts.name, "name", "--name"),
    spiffeIdPattern: str(opts.spiffeIdPattern, "spiffeIdPattern", "--spiffe-id-pattern"),
    pathPattern: str(opts.pathPattern, "pathPattern", "--path-pattern"),
    permissions: permissions.map(toWire),
  };
}

function specOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--file <path>", "read the policy from a YAML (or JSON) file: name, spiffeIdPattern, pathPattern, permissions"))
    .addOption(new Option("--name <name>", "policy name: letters, digits, - _ . (1 to 128)"))
    .addOption(new Option("--spiffe-id-pattern <regex>", "RE2 regex matched against the caller's whole SPIFFE ID"))
    .addOption(new Option("--path-pattern <regex>", "RE2 regex matched against the whole secret path"))
    .addOption(new Option("--permissions <list>", "comma-separated: read, write, list, execute, super"))
    .addOption(formatOption());
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export function registerPolicy(program: Command, config: () => PilotConfig): void {
  const policy = program.command("policy").description("access policies: which workloads may do what on which paths");

  specOptions(policy.command("create").description("create a policy (fails if the name exists)"))
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  spike policy create --name billing-read --spiffe-id-pattern '^spiffe://spike\\.ist/workload/billing$' \\",
        "      --path-pattern '^apps/billing/.*$' --permissions read,list",
        "  spike policy create --file billing.yaml",
        "",
        "billing.yaml:",
        "  name: billing-read",
        "  spiffeIdPattern: ^spiffe://spike\\.ist/workload/billing$",
        "  pathPattern: ^apps/billing/.*$",
        "  permissions: [read, list]",
        "",
        "Patterns match the whole string. A pattern that reaches spike/system/... needs a SPIFFE-ID pattern anchored with ^...$.",
      ].join("\n"),
    )
    .action(async (opts: SpecFlags) => {
      const spec = specFrom(opts);
      await withNexus(config(), async (nexus) => {
        const p = must((await unary<PoliciesCreateResponse__Output>((md, o, cb) => nexus.policies.Create({ policy: spec }, md, o, cb))).policy);
        print(opts.format, view(p), () => `Created policy ${p.name}\n${human(p)}`);
      });
    });

  specOptions(policy.command("apply").description("create a policy, or replace the one with the same name"))
    .addHelpText("after", "\nExamples:\n  spike policy apply --file billing.yaml\n  spike policy apply --file billing.yaml --permissions read\n  spike policy apply --name ops --spiffe-id-pattern '^spiffe://spike\\.ist/workload/ops$' --path-pattern '^spike/system/acl$' --permissions read,list")
    .action(async (opts: SpecFlags) => {
      const spec = specFrom(opts);
      await withNexus(config(), async (nexus) => {
        const res = await unary<PoliciesApplyResponse__Output>((md, o, cb) => nexus.policies.Apply({ policy: spec }, md, o, cb));
        const p = must(res.policy);
        print(opts.format, { ...view(p), created: res.created }, () => `${res.created ? "Created" : "Updated"} policy ${p.name}\n${human(p)}`);
      });
    });

  policy
    .command("get <name>")
    .description("show one policy")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike policy get billing-read\n  spike policy get billing-read --format yaml > billing.yaml")
    .action(async (name: string, opts: { format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const p = must((await unary<PoliciesGetResponse__Output>((md, o, cb) => nexus.policies.Get({ name }, md, o, cb))).policy);
        print(opts.format, view(p), () => human(p));
      });
    });

  policy
    .command("list")
    .description("list policies (all pages), optionally only those with exactly this SPIFFE-ID or path pattern")
    .addOption(new Option("--spiffe-id-pattern <pattern>", "only policies whose SPIFFE-ID pattern is exactly this"))
    .addOption(new Option("--path-pattern <pattern>", "only policies whose path pattern is exactly this"))
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike policy list\n  spike policy list --path-pattern '^apps/billing/.*$' --format json")
    .action(async (opts: { spiffeIdPattern?: string; pathPattern?: string; format: Format }) => {
      await withNexus(config(), async (nexus) => {
        const all: PolicyMsg[] = [];
        let pageToken = "";
        do {
          const res = await unary<PoliciesListResponse__Output>((md, o, cb) =>
            nexus.policies.List({ spiffeIdPattern: opts.spiffeIdPattern ?? "", pathPattern: opts.pathPattern ?? "", pageToken, limit: 1000 }, md, o, cb));
          all.push(...res.policies);
          pageToken = res.nextPageToken;
        } while (pageToken !== "");
        print(opts.format, { policies: all.map(view) }, () => (all.length === 0 ? "(no policies)" : all.map(human).join("\n")));
      });
    });

  policy
    .command("delete <name>")
    .description("delete a policy; callers it alone admitted lose access at once (asks first unless --yes)")
    .option("--yes", "do not ask for confirmation (needed when stdin is not a terminal)")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike policy delete billing-read\n  spike policy delete billing-read --yes")
    .action(async (name: string, opts: { yes?: boolean; format: Format }) => {
      if (opts.yes !== true) {
        if (!process.stdin.isTTY) throw new CliError(`refusing to delete policy ${name} without confirmation: pass --yes`, EXIT.usage);
        if (!(await confirm(`Delete policy ${name}? Callers it alone admitted lose access at once. [y/N] `))) {
          throw new CliError(`policy ${name} was not deleted`, EXIT.usage);
        }
      }
      await withNexus(config(), async (nexus) => {
        await unary((md, o, cb) => nexus.policies.Delete({ name }, md, o, cb));
        print(opts.format, { name, deleted: true }, () => `Deleted policy ${name}`);
      });
    });
}
