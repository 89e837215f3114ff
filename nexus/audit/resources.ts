// What each audited RPC is about, as the audit row names it: an action ("<area>.<verb>") and a resource (a secret
// path or prefix, a policy name, an admin token's id or name, a time). Only these named request fields are ever
// read, so secret values, admin tokens, shares and cipher payloads cannot reach an audit row.
import { fromTimestamp } from "../../lib/timestamp.js";

export interface AuditSubject {
  readonly action: string;
  readonly resource: string;
}

interface Entry {
  readonly action: string;
  readonly resource?: (request: Record<string, unknown>) => string;
  /**
   * True for read-only calls that must answer even when the audit log cannot be written (Operator.Status reports
   * that the database is down). Every state change and every read of secret material is fail-closed.
   */
  readonly bestEffort?: boolean;
  /**
   * A change made only in the database: it runs in one transaction with its audit record (committed together or
   * not at all). Changes that also reach Keepers or memory (bootstrap, recovery, root-key rotation) cannot be one
   * transaction; their record is written right after, fail-closed.
   */
  readonly change?: true;
  /**
   * An operator ceremony that changes state outside one transaction (Keepers, memory, several commits): its record,
   * written right after, always waits for its WAL flush. Every other record written on its own is a read's, a
   * denial's or a failure's, and commits as SPIKE_NEXUS_AUDIT_READ_COMMIT says (ADR 0031).
   */
  readonly ceremony?: true;
}

/** Longest resource kept in a row; a refused call may carry a path of any length. */
const MAX_RESOURCE = 1024;

const text = (field: string) => (r: Record<string, unknown>): string => {
  const v = r[field];
  return typeof v === "string" ? v : "";
};
const policyName = (r: Record<string, unknown>): string => {
  const p = r.policy;
  return typeof p === "object" && p !== null && typeof (p as Record<string, unknown>).name === "string" ? ((p as Record<string, unknown>).name as string) : "";
};
const beforeTime = (r: Record<string, unknown>): string => {
  const ts = r.before as { seconds: number | string; nanos: number } | null | undefined;
  const d = typeof ts === "object" && ts !== null ? fromTimestamp(ts) : null;
  return d === null || Number.isNaN(d.getTime()) ? "" : `before ${d.toISOString()}`;
};

const path = text("path");

const REGISTRY: Readonly<Record<string, Entry>> = {
  "/spike.v1.Secrets/Put": { action: "secret.write", resource: path, change: true },
  "/spike.v1.Secrets/Get": { action: "secret.read", resource: path },
  "/spike.v1.Secrets/List": { action: "secret.list", resource: text("prefix") },
  "/spike.v1.Secrets/Delete": { action: "secret.delete", resource: path, change: true },
  "/spike.v1.Secrets/Undelete": { action: "secret.undelete", resource: path, change: true },
  "/spike.v1.Secrets/Destroy": { action: "secret.destroy", resource: path, change: true },
  "/spike.v1.Secrets/GetMetadata": { action: "secret.metadata.read", resource: path },
  "/spike.v1.Secrets/UpdateMetadata": { action: "secret.metadata.write", resource: path, change: true },
  "/spike.v1.Secrets/DeleteMetadata": { action: "secret.metadata.delete", resource: path, change: true },
  "/spike.v1.Secrets/DestroyPrefix": { action: "secret.destroy_prefix", resource: text("prefix"), change: true },
  "/spike.v1.Policies/Create": { action: "policy.create", resource: policyName, change: true },
  "/spike.v1.Policies/Apply": { action: "policy.apply", resource: policyName, change: true },
  "/spike.v1.Policies/Get": { action: "policy.read", resource: text("name") },
  "/spike.v1.Policies/List": { action: "policy.list" },
  "/spike.v1.Policies/Delete": { action: "policy.delete", resource: text("name"), change: true },
  "/spike.v1.Cipher/Encrypt": { action: "cipher.encrypt" },
  "/spike.v1.Cipher/Decrypt": { action: "cipher.decrypt" },
  "/spike.v1.Cipher/EncryptStream": { action: "cipher.encrypt_stream" },
  "/spike.v1.Cipher/DecryptStream": { action: "cipher.decrypt_stream" },
  "/spike.v1.Cipher/Rewrap": { action: "cipher.rewrap" },
  "/spike.v1.Operator/Bootstrap": { action: "operator.bootstrap", resource: text("adminTokenName"), ceremony: true },
  "/spike.v1.Operator/Status": { action: "operator.status", bestEffort: true },
  "/spike.v1.Operator/Recover": { action: "operator.recover", ceremony: true },
  "/spike.v1.Operator/Restore": { action: "operator.restore", ceremony: true },
  "/spike.v1.Operator/RotateDataKey": { action: "operator.rotate_data_key", ceremony: true },
  "/spike.v1.Operator/RotateRootKey": { action: "operator.rotate_root_key", ceremony: true },
  "/spike.v1.Operator/Rewrap": { action: "operator.rewrap", ceremony: true },
  "/spike.v1.AdminTokens/Create": { action: "admin_token.create", resource: text("name"), change: true },
  "/spike.v1.AdminTokens/List": { action: "admin_token.list" },
  "/spike.v1.AdminTokens/Revoke": { action: "admin_token.revoke", resource: text("id"), change: true },
  "/spike.v1.Audit/Tail": { action: "audit.tail" },
  "/spike.v1.Audit/Verify": { action: "audit.verify" },
  "/spike.v1.Audit/Export": { action: "audit.export" },
  "/spike.v1.Audit/Prune": { action: "audit.prune", resource: beforeTime, change: true },
  "/spike.v1.Backup/Create": { action: "backup.create" },
  "/spike.v1.Backup/Verify": { action: "backup.verify" },
  "/spike.v1.Backup/Drill": { action: "backup.drill" },
  "/spike.v1.Backup/Restore": { action: "backup.restore", ceremony: true },
};

/** "/spike.v1.Secrets/GetMetadata" -> "secrets.get_metadata": the action of a method the registry does not name. */
export function defaultAction(method: string): string {
  const m = /^\/(?:[\w.]+\.)?(\w+)\/(\w+)$/.exec(method);
  if (m === null) return method;
  const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  return `${snake(m[1] as string)}.${snake(m[2] as string)}`;
}

/** The action and resource of a call to `method` with `request` (undefined for client-streaming calls). */
export function auditSubject(method: string, request: unknown): AuditSubject {
  const entry = REGISTRY[method];
  const fields = typeof request === "object" && request !== null ? (request as Record<string, unknown>) : {};
  const resource = entry?.resource?.(fields) ?? "";
  return { action: entry?.action ?? defaultAction(method), resource: resource.length > MAX_RESOURCE ? `${resource.slice(0, MAX_RESOURCE)}...` : resource };
}

/** Whether a call may answer although its audit record could not be written. */
export function auditIsBestEffort(method: string): boolean {
  return REGISTRY[method]?.bestEffort === true;
}

/** Whether `method` changes only the database, so its record is written in the same transaction. */
export function auditWithChange(method: string): boolean {
  return REGISTRY[method]?.change === true;
}

/** Whether `method` is a ceremony whose record must be durable before it answers (Entry.ceremony). */
export function auditIsCeremony(method: string): boolean {
  return REGISTRY[method]?.ceremony === true;
}
