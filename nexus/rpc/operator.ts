// spike.v1.Operator: the root-key ceremonies and status. Recover and restore belong to their own Pilot roles,
// which no policy can grant.
import type { OperatorDefinition } from "../../proto/types/spike/v1/Operator.js";
import type { OperatorStatusResponse } from "../../proto/types/spike/v1/OperatorStatusResponse.js";
import { invalidArgument, notFound } from "../../lib/errors.js";
import { toTimestamp } from "../../lib/timestamp.js";
import { fingerprint } from "../root-key/lifecycle.js";
import { adminTokenMessage } from "./admin-tokens.js";
import type { NexusRpcContext } from "./context.js";
import { serverStream, unary, type ServiceRpcs } from "./define.js";
import { followRewrap } from "../secrets/rewrap-job.js";
import { roles } from "./guards.js";

export function operatorRpcs(ctx: NexusRpcContext): ServiceRpcs<OperatorDefinition> {
  const td = ctx.trustDomains;
  const superuser = roles(td, "superuser");
  return {
    Bootstrap: unary({
      guard: roles(td, "superuser", "bootstrap"),
      validate: (req) => {
        const name = req.adminTokenName === "" ? "bootstrap" : req.adminTokenName;
        if (!/^[A-Za-z0-9 _-]{1,250}$/.test(name)) throw invalidArgument("admin_token_name must be 1-250 letters, digits, spaces, - or _");
        return { name };
      },
      act: async (input, call) => {
        const record = await ctx.lifecycle.bootstrap();
        const { token, info } = await ctx.adminTokens().create(input.name, call.peer.text);
        return {
          adminToken: token,
          adminTokenInfo: adminTokenMessage(info),
          sharesTotal: record.sharesTotal,
          sharesNeeded: record.sharesNeeded,
          keyCheckFingerprint: fingerprint(record.keyCheck),
        };
      },
    }),
    Status: unary({
      guard: roles(td, "superuser", "bootstrap", "recover", "restore"),
      validate: () => ({}),
      act: async (): Promise<OperatorStatusResponse> => {
        const s = ctx.lifecycle.status();
        let reachable = true;
        let error = "";
        let backend = "";
        try {
          backend = ctx.storage.database().kind;
        } catch (err) {
          reachable = false;
          error = (err as Error).message;
        }
        let activeKeyId = 0;
        try {
          activeKeyId = s.readiness === "READY" ? await ctx.keyring().activeKeyId() : 0;
        } catch {
          activeKeyId = 0;
        }
        return {
          readiness: `READINESS_${s.readiness}`,
          reason: s.reason,
          bootstrapped: s.record !== undefined,
          sharesHeld: s.sharesHeld,
          sharesNeeded: s.record?.sharesNeeded ?? 0,
          sharesTotal: s.record?.sharesTotal ?? 0,
          activeKeyId,
          rootKeyGeneration: s.record?.generation ?? 0,
          keyCheckFingerprint: s.record ? fingerprint(s.record.keyCheck) : "",
          version: ctx.instance.version,
          instance: ctx.instance.name,
          startTime: toTimestamp(ctx.instance.startedAt),
          readyTime: toTimestamp(s.readySince ?? null),
          database: { reachable, backend, schemaVersion: 0, error, replicas: [] },
          keepers: s.keepers.map((k) => ({
            address: k.peer.address,
            spiffeId: k.peer.spiffeId.text,
            shareId: k.peer.shareId,
            reachable: k.reachable,
            hasShare: k.hasShare,
            lastContactTime: toTimestamp(k.lastContact ?? null),
          })),
        };
      },
    }),
    Recover: unary({
      guard: roles(td, "recover"),
      validate: () => ({}),
      act: async () => {
        const { shares, record } = ctx.lifecycle.recover();
        return {
          shares: shares.map((s) => ({ id: s.id, value: s.value })),
          sharesNeeded: record.sharesNeeded,
          rootKeyGeneration: record.generation,
          keyCheckFingerprint: fingerprint(record.keyCheck),
        };
      },
    }),
    Restore: unary({
      guard: roles(td, "restore"),
      validate: (req) => {
        if (req.share === null) throw invalidArgument("share is missing");
        return { id: req.share.id, value: req.share.value };
      },
      act: async (share) => {
        const r = await ctx.lifecycle.restore(share);
        return { collected: r.collected.length, needed: r.needed, restored: r.restored, collectedIds: r.collected };
      },
    }),
    RotateDataKey: unary({
      guard: superuser,
      validate: () => ({}),
      act: async () => {
        const rotated = await ctx.keyring().rotate();
        return { keyId: rotated.keyId, previousKeyId: rotated.previousKeyId };
      },
    }),
    RotateRootKey: unary({
      guard: superuser,
      validate: (req) => ({ adminToken: req.adminToken }),
      act: async (input) => {
        await ctx.adminTokens().verify(input.adminToken);
        const keyring = ctx.keyring();
        const rotated = await ctx.lifecycle.rotateRootKey((fresh) => keyring.wrappedUnder(fresh));
        return { rootKeyGeneration: rotated.generation, keyCheckFingerprint: fingerprint(rotated.keyCheck) };
      },
    }),
    Rewrap: serverStream({
      guard: superuser,
      validate: (req) => ({ watchOnly: req.watchOnly }),
      act: async (input, _call, send, signal) => {
        const jobs = ctx.rewrap();
        const run = input.watchOnly ? jobs.last() : jobs.start();
        if (run === undefined) throw notFound("no rewrap job has run since this Nexus started");
        const result = await followRewrap(run, (p) => send({ progress: { stage: p.stage, done: p.done, total: p.total, unit: "items" } }), signal);
        if (result === undefined) return; // the caller left; the job goes on
        send({
          result: {
            targetKeyId: result.targetKeyId,
            rewrapped: result.rewrapped,
            skipped: result.skipped,
            failed: result.failed,
            failures: [...result.failures],
            startTime: toTimestamp(result.startedAt),
            finishTime: toTimestamp(result.finishedAt),
          },
        });
      },
    }),
  };
}
