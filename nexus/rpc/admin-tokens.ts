// spike.v1.AdminTokens: the second factor for dangerous ceremonies. Creating and revoking need the superuser SVID
// and a valid admin token — except creating when no live token exists at all, so losing every token (or a
// bootstrap whose token could not be stored) is recoverable by the superuser alone.
import { invalidArgument } from "../../lib/errors.js";
import { checkedTimestamp, toTimestamp } from "../../lib/timestamp.js";
import type { AdminToken } from "../../proto/types/spike/v1/AdminToken.js";
import type { AdminTokensDefinition } from "../../proto/types/spike/v1/AdminTokens.js";
import type { AdminTokenRow } from "../store/admin-token-repository.js";
import type { NexusRpcContext } from "./context.js";
import { unary, type ServiceRpcs } from "./define.js";
import { roles } from "./guards.js";

export function adminTokenMessage(row: AdminTokenRow): AdminToken {
  return {
    id: row.id,
    name: row.name,
    createdTime: toTimestamp(row.createdAt),
    createdBy: row.createdBy,
    expireTime: toTimestamp(row.expiresAt),
    lastUsedTime: toTimestamp(row.lastUsedAt),
    revokedTime: toTimestamp(row.revokedAt),
  };
}

function pageAfter(token: string): string | undefined {
  if (token === "") return undefined;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(token)) throw invalidArgument("page_token is not a token this server issued");
  return token;
}

export function adminTokensRpcs(ctx: NexusRpcContext): ServiceRpcs<AdminTokensDefinition> {
  const superuser = roles(ctx.trustDomains, "superuser");
  return {
    Create: unary({
      guard: superuser,
      validate: (req) => {
        try {
          return { adminToken: req.adminToken, name: req.name, expiresAt: checkedTimestamp(req.expireTime, "expire_time") };
        } catch (err) {
          throw invalidArgument((err as Error).message);
        }
      },
      act: async (input, call) => {
        const tokens = ctx.adminTokens();
        const live = await tokens.list(false, undefined, 1);
        if (live.length > 0 || input.adminToken !== "") await tokens.verify(input.adminToken);
        const { token, info } = await tokens.create(input.name, call.peer.text, input.expiresAt);
        return { token, info: adminTokenMessage(info) };
      },
    }),
    List: unary({
      guard: superuser,
      validate: (req) => {
        if (req.limit > 1000) throw invalidArgument(`limit ${req.limit} is above 1000`);
        return { includeInactive: req.includeInactive, after: pageAfter(req.pageToken), limit: req.limit === 0 ? 100 : req.limit };
      },
      act: async (input) => {
        const rows = await ctx.adminTokens().list(input.includeInactive, input.after, input.limit + 1);
        const page = rows.slice(0, input.limit);
        return { tokens: page.map(adminTokenMessage), nextPageToken: rows.length > input.limit ? (page[page.length - 1]?.id ?? "") : "" };
      },
    }),
    Revoke: unary({
      guard: superuser,
      validate: (req) => ({ adminToken: req.adminToken, id: req.id }),
      act: async (input) => {
        const tokens = ctx.adminTokens();
        await tokens.verify(input.adminToken);
        return { info: adminTokenMessage(await tokens.revoke(input.id)) };
      },
    }),
  };
}
