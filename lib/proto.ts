// The gRPC contract, loaded once: every .proto of the project, with one set of loader options, typed by the
// generated types in proto/types (regenerate them with `npm run gen:proto` after changing a .proto).
//
// Loader options: camelCase field names, 64-bit integers as JS numbers (all ours stay far below 2^53), enums as
// their names, bytes as Buffer, unset scalars as their defaults (unset messages as null; unset proto3 `optional`
// fields stay undefined, so presence survives), and a virtual field naming the member set in each oneof.
//
// The contract is read from proto/descriptor.json (generated with the types; a test keeps it fresh) rather than
// parsed from the .proto text: parsing cost every cold CLI start ~100 ms (ADR 0017).
import { existsSync, readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { DESCRIPTOR_PATH, PROTO_DIR, PROTO_FILES } from "./proto-paths.js";
import type { ProtoGrpcType as AdminTokensProto } from "../proto/types/admin_tokens.js";
import type { ProtoGrpcType as AuditProto } from "../proto/types/audit.js";
import type { ProtoGrpcType as BackupProto } from "../proto/types/backup.js";
import type { ProtoGrpcType as CipherProto } from "../proto/types/cipher.js";
import type { ProtoGrpcType as HealthProto } from "../proto/types/health.js";
import type { ProtoGrpcType as KeeperProto } from "../proto/types/keeper.js";
import type { ProtoGrpcType as OperatorProto } from "../proto/types/operator.js";
import type { ProtoGrpcType as PoliciesProto } from "../proto/types/policies.js";
import type { ProtoGrpcType as SecretsProto } from "../proto/types/secrets.js";
import type { SpiffeWorkloadAPIClient, SpiffeWorkloadAPIDefinition } from "../proto/types/SpiffeWorkloadAPI.js";
import type { ProtoGrpcType as WorkloadProto } from "../proto/types/workload.js";

export { DESCRIPTOR_PATH, PROTO_DIR, PROTO_FILES };

export const LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} as const satisfies protoLoader.Options;

export const packageDefinition: protoLoader.PackageDefinition = existsSync(DESCRIPTOR_PATH)
  ? protoLoader.fromJSON(JSON.parse(readFileSync(DESCRIPTOR_PATH, "utf8")) as Record<string, unknown>, LOADER_OPTIONS)
  : protoLoader.loadSync([...PROTO_FILES], { ...LOADER_OPTIONS, includeDirs: [PROTO_DIR] });

type Loaded = AdminTokensProto & AuditProto & BackupProto & CipherProto & HealthProto & KeeperProto & OperatorProto &
  PoliciesProto & SecretsProto & WorkloadProto;

// The one unchecked step: grpc-js types loadPackageDefinition loosely; the generated types describe what it builds.
const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as Loaded;

/** Client constructors, `new clients.Secrets(target, credentials, options)`; each has its definition as `.service`. */
export const clients = {
  Secrets: loaded.spike.v1.Secrets,
  Policies: loaded.spike.v1.Policies,
  Cipher: loaded.spike.v1.Cipher,
  Operator: loaded.spike.v1.Operator,
  AdminTokens: loaded.spike.v1.AdminTokens,
  Audit: loaded.spike.v1.Audit,
  Backup: loaded.spike.v1.Backup,
  Keeper: loaded.spike.v1.Keeper,
  Health: loaded.grpc.health.v1.Health,
  SpiffeWorkloadAPI: loaded.SpiffeWorkloadAPI,
} as const;

export type ServiceKey = keyof typeof clients;

/** Service definitions for `grpc.Server.addService`, keyed like `clients`. */
export const services = {
  Secrets: clients.Secrets.service,
  Policies: clients.Policies.service,
  Cipher: clients.Cipher.service,
  Operator: clients.Operator.service,
  AdminTokens: clients.AdminTokens.service,
  Audit: clients.Audit.service,
  Backup: clients.Backup.service,
  Keeper: clients.Keeper.service,
  Health: clients.Health.service,
  SpiffeWorkloadAPI: clients.SpiffeWorkloadAPI.service,
} as const;

/** Fully qualified service names, as health checks and method paths ("/spike.v1.Secrets/Get") spell them. */
export const serviceNames = {
  Secrets: "spike.v1.Secrets",
  Policies: "spike.v1.Policies",
  Cipher: "spike.v1.Cipher",
  Operator: "spike.v1.Operator",
  AdminTokens: "spike.v1.AdminTokens",
  Audit: "spike.v1.Audit",
  Backup: "spike.v1.Backup",
  Keeper: "spike.v1.Keeper",
  Health: "grpc.health.v1.Health",
  SpiffeWorkloadAPI: "SpiffeWorkloadAPI",
} as const satisfies Record<ServiceKey, string>;

/** The services Nexus serves (besides health): the ones every-RPC authorization tests walk. */
export const NEXUS_SERVICES = ["Secrets", "Policies", "Cipher", "Operator", "AdminTokens", "Audit", "Backup"] as const;

/**
 * A Workload API client. The Workload API is plaintext by design (a local socket; the agent attests the caller),
 * so no channel credentials are involved; callers still add the `workload.spiffe.io: true` metadata.
 */
export function workloadApiClient(target: string, options?: grpc.ClientOptions): SpiffeWorkloadAPIClient {
  return new clients.SpiffeWorkloadAPI(target, grpc.credentials.createInsecure(), options);
}

/** The Workload API service definition, for the dev issuer's server. */
export function workloadApiService(): SpiffeWorkloadAPIDefinition {
  return services.SpiffeWorkloadAPI;
}
