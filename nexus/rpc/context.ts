// What every RPC module receives from the wiring function: the trusted trust domains (for role guards) and,
// as capabilities arrive, the stores and key services it acts through.
export interface NexusRpcContext {
  readonly trustDomains: readonly string[];
}
