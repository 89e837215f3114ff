// The workload SDK, published as `spike-ts/client`: import { NexusClient, NexusError } from "spike-ts/client".
export {
  NexusClient,
  type CipherResult,
  type ListPage,
  type MetadataChange,
  type NexusClientOptions,
  type PutOptions,
  type SecretMetadata,
  type SecretVersion,
  type VersionState,
} from "./nexus-client.js";
export { NexusError, type NexusErrorCode } from "./errors.js";
export { DEFAULT_RETRY, type RetryPolicy } from "./retry.js";
export type { NexusConnection } from "./connect.js";
export type { X509Source } from "../../spiffe/x509-source.js";
export { workloadApiSource } from "../../spiffe/workload-client.js";
export { fileSource } from "../../spiffe/file-source.js";
