// mTLS for grpc-js with SPIFFE X.509-SVIDs.
//
// - Credentials read certificates from an X509Source through grpc-js's CertificateProvider hook, so a rotated SVID
//   or bundle is used by the next handshake with no restart and no dropped call.
// - Clients check the server's SPIFFE ID (never a host name) and verify its chain against the bundle of the
//   server ID's own trust domain.
// - Servers learn the peer's SPIFFE ID from the TLS peer certificate. grpc-js only exposes the peer's leaf, so the
//   trust-domain binding is checked on the leaf: its issuer must be a CA of its own trust domain's bundle, unless
//   only one trust domain is trusted at all (then OpenSSL's chain check has already bound it).
import * as grpc from "@grpc/grpc-js";
import { X509Certificate } from "node:crypto";
import { TLSSocket, type PeerCertificate } from "node:tls";
import { isMemberOf, type SpiffeId } from "./id.js";
import { serverIdentityCheck, type ServerAuthorizer } from "./server-check.js";
import { checkSvidLeaf, type X509Bundles } from "./svid.js";
import { bundlesToPem } from "./x509-svid.js";
import type { X509Source } from "./x509-source.js";

type Provider = grpc.experimental.CertificateProvider;
type CaListener = grpc.experimental.CaCertificateUpdateListener;
type IdListener = grpc.experimental.IdentityCertificateUpdateListener;

export { ServerIdentityError, type ServerAuthorizer } from "./server-check.js";

/**
 * Feeds grpc-js from an X509Source. One object serves as both CA and identity provider (grpc-js's server factory
 * passes its two providers to the constructor in swapped order; with one object the order cannot matter).
 * Updates are delivered asynchronously: grpc-js subscribes before it is ready to hear a synchronous answer.
 */
export class SourceCertificateProvider implements Provider {
  private readonly caListeners = new Set<CaListener>();
  private readonly idListeners = new Set<IdListener>();
  private readonly unsubscribe: () => void;

  constructor(private readonly source: X509Source, private readonly trustDomains: readonly string[]) {
    this.unsubscribe = source.onUpdate(() => this.publish());
  }

  private caUpdate(): grpc.experimental.CaCertificateUpdate | null {
    if (!this.source.isReady()) return null;
    const pem = bundlesToPem(this.source.bundles(), this.trustDomains);
    return pem === "" ? null : { caCertificate: Buffer.from(pem) };
  }

  private idUpdate(): grpc.experimental.IdentityCertificateUpdate | null {
    if (!this.source.isReady()) return null;
    const svid = this.source.svid();
    return { certificate: Buffer.from(svid.certChainPem), privateKey: Buffer.from(svid.keyPem) };
  }

  private publish(): void {
    const ca = this.caUpdate();
    const id = this.idUpdate();
    for (const l of this.caListeners) l(ca);
    for (const l of this.idListeners) l(id);
  }

  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    if (this.source.isReady()) queueMicrotask(() => listener(this.caUpdate()));
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
  }

  addIdentityCertificateListener(listener: IdListener): void {
    this.idListeners.add(listener);
    if (this.source.isReady()) queueMicrotask(() => listener(this.idUpdate()));
  }

  removeIdentityCertificateListener(listener: IdListener): void {
    this.idListeners.delete(listener);
  }

  close(): void {
    this.unsubscribe();
  }
}

/** Server credentials that require a client SVID chaining to one of `trustDomains`' bundles. */
export function serverCredentials(source: X509Source, trustDomains: readonly string[]): grpc.ServerCredentials {
  const provider = new SourceCertificateProvider(source, trustDomains);
  return grpc.experimental.createCertificateProviderServerCredentials(provider, provider, true);
}

/** Client credentials: our SVID for the handshake, and the server's SPIFFE ID checked against `server`. */
export function clientCredentials(
  source: X509Source,
  trustDomains: readonly string[],
  server: ServerAuthorizer,
): grpc.ChannelCredentials {
  const provider = new SourceCertificateProvider(source, trustDomains);
  const checkServerIdentity = serverIdentityCheck(source, trustDomains, server);
  return grpc.experimental.createCertificateProviderChannelCredentials(provider, provider, { checkServerIdentity });
}

/**
 * grpc-js options every one of our channels and servers sets. Channelz (grpc-js's introspection registry, on by
 * default) keeps per-call counters and trace events that nothing of ours serves or reads; off, a Nexus read costs
 * measurably less CPU on both ends (ADR 0034; the bench's grpc-echo-1k-lean row is the transport with it off).
 */
export const TRANSPORT_OPTIONS = { "grpc.enable_channelz": 0 } as const satisfies grpc.ChannelOptions;

/** Channel options every SPIFFE client sets: the TLS name is not checked, so send a fixed, non-IP SNI. */
export function channelOptions(extra: grpc.ChannelOptions = {}): grpc.ChannelOptions {
  return { "grpc.ssl_target_name_override": "spiffe", "grpc.default_authority": "spiffe", ...TRANSPORT_OPTIONS, ...extra };
}

export class PeerIdentityError extends Error {}

/** What a grpc-js server call offers about its TLS peer (every server call type has it). */
export interface HasAuthContext {
  getAuthContext(): { sslPeerCertificate?: PeerCertificate | undefined };
  /** The call's request metadata (handlers' calls have it; the interceptor's call does not). */
  readonly metadata?: grpc.Metadata;
}

/**
 * Tells who is calling. Results are cached per certificate fingerprint (parsing a certificate costs more than a
 * whole small RPC) and the cache is dropped whenever the bundles change.
 */
export class PeerIdentities {
  private readonly cache = new Map<string, SpiffeId>();
  private static readonly MAX_CACHED = 4096;

  /**
   * Peers by TLS connection: an HTTP/2 connection's client certificate cannot change (Node's http2 disables TLS
   * renegotiation), so after the first call on a connection is identified, later calls skip getPeerCertificate(),
   * which copies and parses the certificate on every call. Entries of an older bundle generation are not used.
   */
  private readonly bySocket = new WeakMap<TLSSocket, { readonly generation: number; readonly id: SpiffeId }>();
  private generation = 0;

  constructor(private readonly source: X509Source, private readonly trustDomains: readonly string[]) {
    source.onUpdate(() => {
      this.cache.clear();
      this.generation++;
    });
  }

  /**
   * Peers the admitting interceptor already identified, keyed by the call's own metadata object (which grpc-js
   * hands on to the handler): the handler then skips a second getPeerCertificate(), which copies and hashes the
   * whole certificate. A WeakMap key cannot be forged by a client, unlike a metadata entry.
   */
  private readonly byCall = new WeakMap<grpc.Metadata, SpiffeId>();

  /** Remembers `id` as the peer of the call whose metadata is `metadata` (the interceptor, after identifying it). */
  remember(metadata: grpc.Metadata, id: SpiffeId): void {
    this.byCall.set(metadata, id);
  }

  /** The caller's verified SPIFFE ID, or a PeerIdentityError saying why there is none. */
  of(call: HasAuthContext): SpiffeId {
    const known = call.metadata === undefined ? undefined : this.byCall.get(call.metadata);
    if (known !== undefined) return known;
    const socket = tlsSocketOf(call);
    const onSocket = socket === undefined ? undefined : this.bySocket.get(socket);
    if (onSocket !== undefined && onSocket.generation === this.generation) return onSocket.id;
    const id = this.fromCertificate(call);
    if (socket !== undefined) this.bySocket.set(socket, { generation: this.generation, id });
    return id;
  }

  private fromCertificate(call: HasAuthContext): SpiffeId {
    const cert = call.getAuthContext().sslPeerCertificate;
    if (cert === undefined || cert.raw === undefined) throw new PeerIdentityError("no client certificate on this call");
    const hit = this.cache.get(cert.fingerprint256);
    if (hit !== undefined) return hit;
    const id = this.verify(new X509Certificate(cert.raw));
    if (this.cache.size >= PeerIdentities.MAX_CACHED) this.cache.clear();
    this.cache.set(cert.fingerprint256, id);
    return id;
  }

  private verify(leaf: X509Certificate): SpiffeId {
    let id: SpiffeId;
    try {
      id = checkSvidLeaf(leaf);
    } catch (err) {
      throw new PeerIdentityError(`client certificate is not a valid X.509-SVID: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!this.trustDomains.some((td) => isMemberOf(id, td))) {
      throw new PeerIdentityError(`${id.text} is not in a trusted trust domain`);
    }
    if (this.trustDomains.length > 1) this.checkBinding(leaf, id, this.source.bundles());
    return id;
  }

  private checkBinding(leaf: X509Certificate, id: SpiffeId, bundles: X509Bundles): void {
    const roots = bundles.get(id.trustDomain) ?? [];
    if (!roots.some((ca) => leaf.checkIssued(ca) && leaf.verify(ca.publicKey))) {
      throw new PeerIdentityError(`${id.text} is not signed by a CA of trust domain ${id.trustDomain}`);
    }
  }
}

/**
 * The authorized TLS connection a grpc-js server interceptor's call arrived on, if its shape shows it (grpc-js keeps
 * it at call.stream.session.socket, behind any interceptors' nextCall; not a public API, so anything else falls
 * back to getAuthContext()). grpc-js answers getAuthContext() only for an authorized socket; so does this.
 */
export function tlsSocketOf(call: unknown): TLSSocket | undefined {
  let c = call as { stream?: { session?: { socket?: unknown } }; nextCall?: unknown } | undefined;
  for (let depth = 0; depth < 4 && c !== undefined && c !== null; depth++) {
    const socket = c.stream?.session?.socket;
    if (socket !== undefined) return socket instanceof TLSSocket && socket.authorized ? socket : undefined;
    c = c.nextCall as typeof c;
  }
  return undefined;
}

/** A server interceptor that turns away, with PERMISSION_DENIED, every peer `admit` does not accept. */
export function admitPeers(peers: PeerIdentities, admit: (id: SpiffeId) => boolean, who: string): grpc.ServerInterceptor {
  return (_method, call) =>
    new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, mdNext) => {
            let refusal: string | undefined;
            try {
              const id = peers.of(call);
              if (!admit(id)) refusal = `${id.text} may not call this server (only ${who})`;
              else peers.remember(metadata, id);
            } catch (err) {
              refusal = err instanceof Error ? err.message : String(err);
            }
            if (refusal === undefined) mdNext(metadata);
            else call.sendStatus({ code: grpc.status.PERMISSION_DENIED, details: refusal, metadata: new grpc.Metadata() });
          },
        }),
    });
}
