// spike.v1.Secrets: versioned, encrypted key/value secrets. Each RPC: guard -> validate -> act.
// The Pilot superuser passes every guard; a workload needs a policy granting the permission on the request's path
// (write: put, delete, undelete, destroy, metadata changes; read: get, metadata). List answers only the paths the
// caller may list. DestroyPrefix stays the superuser's, with an admin token.
import { invalidArgument } from "../../lib/errors.js";
import { toTimestamp } from "../../lib/timestamp.js";
import type { SecretsDefinition } from "../../proto/types/spike/v1/Secrets.js";
import type { SecretsGetMetadataResponse } from "../../proto/types/spike/v1/SecretsGetMetadataResponse.js";
import { checkCustomMetadata, checkData, checkMaxVersions, checkPath, checkPrefix, checkVersion, checkVersions } from "../secrets/rules.js";
import type { SecretMetadata } from "../secrets/service.js";
import type { NexusRpcContext } from "./context.js";
import { unary, type ServiceRpcs } from "./define.js";
import { hasRole } from "../../lib/roles.js";
import { policy, policySomewhere, roles } from "./guards.js";
import { decodePageToken, encodePageToken } from "./page-token.js";

const LIST_DEFAULT = 100;
const LIST_MAX = 1000;


function metadataMessage(m: SecretMetadata): SecretsGetMetadataResponse {
  return {
    path: m.path,
    currentVersion: m.currentVersion,
    oldestVersion: m.oldestVersion,
    maxVersions: m.maxVersions,
    effectiveMaxVersions: m.effectiveMaxVersions,
    casRequired: m.casRequired,
    customMetadata: m.customMetadata,
    createdTime: toTimestamp(m.createdAt),
    updatedTime: toTimestamp(m.updatedAt),
    versions: m.versions.map((v) => ({
      version: v.version,
      createdTime: toTimestamp(v.createdAt),
      deletedTime: toTimestamp(v.deletedAt),
      destroyed: v.destroyedAt !== null,
      destroyedTime: toTimestamp(v.destroyedAt),
    })),
  };
}

/**
 * Up to `want` paths under `prefix` after `after` that `peer` may list, reading the store in batches. The page
 * token is always a path the caller was shown, so it never reveals a path the caller may not list.
 */
async function listPermitted(ctx: NexusRpcContext, peer: string, prefix: string, after: string, want: number): Promise<string[]> {
  const engine = ctx.policies().engine;
  await engine.ready();
  const permitted: string[] = [];
  let cursor = after;
  for (;;) {
    const batch = await ctx.secrets().list(prefix, cursor, LIST_MAX);
    for (const path of batch) {
      if (engine.decide(peer, path, "list")) permitted.push(path);
      if (permitted.length === want) return permitted;
    }
    if (batch.length < LIST_MAX) return permitted;
    cursor = batch[batch.length - 1] as string;
  }
}

export function secretsRpcs(ctx: NexusRpcContext): ServiceRpcs<SecretsDefinition> {
  const superuser = roles(ctx.trustDomains, "superuser");
  const onPath = (req: { path: string }): string => req.path;
  const write = policy(ctx, "write", onPath);
  const read = policy(ctx, "read", onPath);
  return {
    Put: unary({
      guard: write,
      validate: (req) => ({
        path: checkPath(req.path),
        pairs: checkData(req.data, ctx.secretLimits),
        cas: req.cas === undefined ? undefined : checkVersion(req.cas, "cas"),
        customMetadata: req.customMetadata === null ? undefined : checkCustomMetadata(req.customMetadata.entries),
      }),
      act: async (input) => {
        const written = await ctx.secrets().put(input.path, input.pairs, { cas: input.cas, customMetadata: input.customMetadata });
        return { version: written.version, createdTime: toTimestamp(written.createdAt) };
      },
    }),
    Get: unary({
      guard: read,
      validate: (req) => ({ path: checkPath(req.path), version: checkVersion(req.version) }),
      act: async (input) => {
        const value = await ctx.secrets().get(input.path, input.version);
        return { data: value.data, version: value.version, createdTime: toTimestamp(value.createdAt), currentVersion: value.currentVersion };
      },
    }),
    List: unary({
      guard: policySomewhere(ctx, "list"),
      validate: (req) => {
        const prefix = checkPrefix(req.prefix);
        if (req.limit > LIST_MAX) throw invalidArgument(`limit ${req.limit} is above ${LIST_MAX}`);
        return { prefix, after: decodePageToken(req.pageToken, prefix, "prefix"), limit: req.limit === 0 ? LIST_DEFAULT : req.limit };
      },
      act: async (input, call) => {
        const paths = hasRole(call.peer, "superuser", ctx.trustDomains)
          ? await ctx.secrets().list(input.prefix, input.after, input.limit + 1)
          : await listPermitted(ctx, call.peer.text, input.prefix, input.after, input.limit + 1);
        const page = paths.slice(0, input.limit);
        const more = paths.length > input.limit;
        return { paths: page, nextPageToken: more ? encodePageToken(input.prefix, page[page.length - 1] as string) : "" };
      },
    }),
    Delete: unary({
      guard: write,
      validate: (req) => ({ path: checkPath(req.path), versions: checkVersions(req.versions) }),
      act: async (input) => ({ versions: await ctx.secrets().delete(input.path, input.versions) }),
    }),
    Undelete: unary({
      guard: write,
      validate: (req) => ({ path: checkPath(req.path), versions: checkVersions(req.versions) }),
      act: async (input) => ({ versions: await ctx.secrets().undelete(input.path, input.versions) }),
    }),
    Destroy: unary({
      guard: write,
      validate: (req) => ({ path: checkPath(req.path), versions: checkVersions(req.versions) }),
      act: async (input) => ({ versions: await ctx.secrets().destroy(input.path, input.versions) }),
    }),
    GetMetadata: unary({
      guard: read,
      validate: (req) => ({ path: checkPath(req.path) }),
      act: async (input) => metadataMessage(await ctx.secrets().metadata(input.path)),
    }),
    UpdateMetadata: unary({
      guard: write,
      validate: (req) => ({
        path: checkPath(req.path),
        maxVersions: req.maxVersions === undefined ? undefined : checkMaxVersions(req.maxVersions),
        casRequired: req.casRequired,
        customMetadata: req.customMetadata === null ? undefined : checkCustomMetadata(req.customMetadata.entries),
      }),
      act: async (input) => ({ metadata: metadataMessage(await ctx.secrets().updateMetadata(input.path, input)) }),
    }),
    DeleteMetadata: unary({
      guard: write,
      validate: (req) => ({ path: checkPath(req.path) }),
      act: async (input) => ({ versionsRemoved: await ctx.secrets().deleteMetadata(input.path) }),
    }),
    DestroyPrefix: unary({
      guard: superuser,
      validate: (req) => {
        if (!req.prefix.endsWith("/")) throw invalidArgument('prefix must end with "/", so it names whole path segments ("apps/" never catches "apps-old/x")');
        checkPrefix(req.prefix);
        if (req.prefix === "/") throw invalidArgument("prefix must not be empty");
        return { prefix: req.prefix, adminToken: req.adminToken, dryRun: req.dryRun };
      },
      act: async (input) => {
        await ctx.adminTokens().verify(input.adminToken);
        const removed = await ctx.secrets().destroyPrefix(input.prefix, input.dryRun);
        return { secretsRemoved: removed.secrets, versionsRemoved: removed.versions };
      },
    }),
  };
}
