// Where Nexus's root key comes from. The key lives only in memory; no environment variable or file ever holds it.
// Tests use InMemoryRootKeyProvider; the real provider rebuilds the key from Keeper shares (the root-key issue).
export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

export interface RootKeyProvider {
  /** Whether a verified root key is held, and if not, why (shown to callers as UNAVAILABLE). */
  readiness(): Readiness;
  /**
   * The current root key (32 bytes). Callers must not keep or modify it; throws SpikeError("unavailable") with the
   * readiness reason when there is none.
   */
  rootKey(): Buffer;
  /** Called whenever the key appears, changes or goes away. Returns the function that unsubscribes. */
  onChange(listener: () => void): () => void;
}
