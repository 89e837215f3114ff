// How a client decides that the TLS server it reached is the one it wants: the presented chain must verify against
// the bundle of the server ID's own trust domain, that trust domain must be one we trust, and the ID must be one the
// caller allows. Used by the grpc-js credentials (spiffe/tls.ts) and by the CLI's one-shot calls (ADR 0029), so the
// two paths are exactly as strict as each other. No grpc-js here.
import { X509Certificate } from "node:crypto";
import type { DetailedPeerCertificate, PeerCertificate } from "node:tls";
import { isMemberOf, type SpiffeId } from "./id.js";
import { verifyX509Svid } from "./svid.js";
import type { X509Source } from "./x509-source.js";

/** Describes which server IDs a client accepts; `expected` is said in the error when the server is someone else. */
export interface ServerAuthorizer {
  readonly expected: string;
  readonly allows: (id: SpiffeId) => boolean;
  /** Told the verified server ID and leaf after each successful check (the CLI prints whom it talked to). */
  readonly seen?: (id: SpiffeId, leaf: X509Certificate) => void;
}

export class ServerIdentityError extends Error {}

/** Rebuilds the presented chain (leaf first) from Node's detailed peer certificate, without its self-signed root. */
function presentedChain(cert: DetailedPeerCertificate): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = cert;
  while (current !== undefined && current.raw !== undefined && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    const issuer: DetailedPeerCertificate | undefined = current.issuerCertificate;
    const selfSigned = issuer === undefined || issuer === current || issuer.fingerprint256 === current.fingerprint256;
    if (selfSigned && chain.length > 0) break;
    chain.push(new X509Certificate(current.raw));
    current = issuer;
  }
  return chain;
}

/**
 * A `checkServerIdentity` for tls.connect: undefined when the server's SVID verifies and its ID is allowed, else a
 * ServerIdentityError saying why. It runs after OpenSSL has verified the chain against the `ca` we passed.
 */
export function serverIdentityCheck(
  source: X509Source,
  trustDomains: readonly string[],
  server: ServerAuthorizer,
): (host: string, cert: PeerCertificate) => Error | undefined {
  return (_host, cert) => {
    try {
      const chain = presentedChain(cert as DetailedPeerCertificate);
      const id = verifyX509Svid(chain, source.bundles());
      if (!trustDomains.some((td) => isMemberOf(id, td))) {
        return new ServerIdentityError(`server SPIFFE ID ${id.text} is not in a trusted trust domain (${trustDomains.join(", ")})`);
      }
      if (!server.allows(id)) return new ServerIdentityError(`server SPIFFE ID is ${id.text}, want ${server.expected}`);
      server.seen?.(id, chain[0] as X509Certificate);
      return undefined;
    } catch (err) {
      return new ServerIdentityError(`server certificate refused: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}
