// spike.v1.Policies: create, apply, get, list and delete access policies. Callers: the Pilot superuser, or a
// workload with a policy granting write (changes), read (get) or list (list) on spike/system/acl.
// Each RPC: guard -> validate (names, patterns compiled, permissions, reserved-namespace rule) -> act.
import { invalidArgument } from "../../lib/errors.js";
import { storableText } from "../../lib/text.js";
import { toTimestamp } from "../../lib/timestamp.js";
import type { PoliciesDefinition } from "../../proto/types/spike/v1/Policies.js";
import type { Policy } from "../../proto/types/spike/v1/Policy.js";
import type { PolicySpec__Output } from "../../proto/types/spike/v1/PolicySpec.js";
import { checkPolicyName, checkPolicySpec, RESERVED_PATHS, type PolicySpec, type StoredPolicy } from "../authz/policy.js";
import { toProtoPermission } from "../authz/permissions.js";
import type { NexusRpcContext } from "./context.js";
import { unary, type ServiceRpcs } from "./define.js";
import { policyOn } from "./guards.js";
import { decodePageToken, encodePageToken } from "./page-token.js";

const LIST_DEFAULT = 100;
const LIST_MAX = 1000;

function policyMessage(p: StoredPolicy): Policy {
  return {
    name: p.name,
    spiffeIdPattern: p.spiffeIdPattern,
    pathPattern: p.pathPattern,
    permissions: p.permissions.map(toProtoPermission),
    createdTime: toTimestamp(p.createdAt),
    updatedTime: toTimestamp(p.updatedAt),
    createdBy: p.createdBy,
    updatedBy: p.updatedBy,
  };
}

function specFrom(spec: PolicySpec__Output | null): PolicySpec {
  if (spec === null) throw invalidArgument("policy is missing");
  return checkPolicySpec(spec);
}


export function policiesRpcs(ctx: NexusRpcContext): ServiceRpcs<PoliciesDefinition> {
  const acl = RESERVED_PATHS.acl;
  return {
    Create: unary({
      guard: policyOn(ctx, "write", acl),
      validate: (req) => specFrom(req.policy),
      act: async (spec, call) => ({ policy: policyMessage(await ctx.policies().create(spec, call.peer.text)) }),
    }),
    Apply: unary({
      guard: policyOn(ctx, "write", acl),
      validate: (req) => specFrom(req.policy),
      act: async (spec, call) => {
        const { policy, created } = await ctx.policies().apply(spec, call.peer.text);
        return { policy: policyMessage(policy), created };
      },
    }),
    Get: unary({
      guard: policyOn(ctx, "read", acl),
      validate: (req) => checkPolicyName(req.name),
      act: async (name) => ({ policy: policyMessage(await ctx.policies().get(name)) }),
    }),
    List: unary({
      guard: policyOn(ctx, "list", acl),
      validate: (req) => {
        if (req.limit > LIST_MAX) throw invalidArgument(`limit ${req.limit} is above ${LIST_MAX}`);
        const filter = { spiffeIdPattern: storableText(req.spiffeIdPattern, "spiffe_id_pattern"), pathPattern: storableText(req.pathPattern, "path_pattern") };
        const key = JSON.stringify(filter);
        return { filter, key, after: decodePageToken(req.pageToken, key, "filter"), limit: req.limit === 0 ? LIST_DEFAULT : req.limit };
      },
      act: async (input) => {
        const rows = await ctx.policies().list(input.filter, input.after, input.limit + 1);
        const page = rows.slice(0, input.limit);
        const more = rows.length > input.limit;
        const last = page[page.length - 1];
        return { policies: page.map(policyMessage), nextPageToken: more && last !== undefined ? encodePageToken(input.key, last.name) : "" };
      },
    }),
    Delete: unary({
      guard: policyOn(ctx, "write", acl),
      validate: (req) => checkPolicyName(req.name),
      act: async (name) => {
        await ctx.policies().delete(name);
        return {};
      },
    }),
  };
}
