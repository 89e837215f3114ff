// SVIDs from PEM files (cert chain, key, bundle), for programs that are not handed a Workload API: SPIRE's
// spiffe-helper, cert-manager's csi-driver-spiffe, or `spike dev svid`. Files are polled and reloaded when any of
// them changes; a half-written update is ignored until the three files agree again.
import { X509Certificate } from "node:crypto";
import { readFileSync, unwatchFile, watchFile } from "node:fs";
import { pemToDerList } from "./pem.js";
import { spiffeIdFromCertificate, type X509Bundles } from "./svid.js";
import { buildX509Svid, type X509Context } from "./x509-svid.js";
import { X509Source } from "./x509-source.js";

export interface SvidFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly bundleFile: string;
}

export class SvidFileError extends Error {}

function readNamed(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const reason = err instanceof Error && "code" in err ? String(err.code) : String(err);
    throw new SvidFileError(`cannot read the ${what} file ${path} (${reason})`);
  }
}

/** The PEM blocks of `label` in a file; a corrupt block is an SvidFileError naming the file, like a missing file. */
function readPemBlocks(path: string, what: string, label: string): Buffer[] {
  const text = readNamed(path, what);
  try {
    return pemToDerList(text, label);
  } catch (err) {
    throw new SvidFileError(`the ${what} file ${path} is corrupt: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Reads the three files once into a complete state, or throws an error that names the file at fault. */
export function loadSvidFiles(files: SvidFiles): X509Context {
  const chain = readPemBlocks(files.certFile, "SVID certificate", "CERTIFICATE");
  if (chain.length === 0) throw new SvidFileError(`the SVID certificate file ${files.certFile} holds no certificate`);
  const keys = readPemBlocks(files.keyFile, "SVID key", "PRIVATE KEY");
  if (keys.length !== 1) throw new SvidFileError(`the SVID key file ${files.keyFile} must hold one PKCS#8 "PRIVATE KEY"`);
  const roots = readPemBlocks(files.bundleFile, "trust bundle", "CERTIFICATE");
  if (roots.length === 0) throw new SvidFileError(`the trust bundle file ${files.bundleFile} holds no certificate`);
  let svid;
  try {
    svid = buildX509Svid({ chain, key: keys[0] as Buffer });
  } catch (err) {
    throw new SvidFileError(`${files.certFile} / ${files.keyFile}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return { svids: [svid], bundles: groupByTrustDomain(roots, svid.id.trustDomain) };
  } catch (err) {
    throw new SvidFileError(`the trust bundle file ${files.bundleFile} is corrupt: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A CA that names its trust domain in a URI SAN goes there; one that does not belongs to our own trust domain. */
function groupByTrustDomain(roots: readonly Buffer[], ownTrustDomain: string): X509Bundles {
  const bundles = new Map<string, X509Certificate[]>();
  for (const der of roots) {
    const cert = new X509Certificate(der);
    let td = ownTrustDomain;
    try {
      td = spiffeIdFromCertificate(cert).trustDomain;
    } catch {
      // No (single) SPIFFE ID on this CA: it is a root of our own trust domain.
    }
    const list = bundles.get(td) ?? [];
    list.push(cert);
    bundles.set(td, list);
  }
  return bundles;
}

/**
 * A source fed from files. The first load happens now and throws on a bad file, so a program fails fast with the
 * file's name; later reload failures keep the last good SVID and are reported through `onReloadError`.
 */
export function fileSource(files: SvidFiles, opts: { pollMs?: number; onReloadError?: (e: Error) => void } = {}): X509Source {
  const source = new X509Source(`SVID files ${files.certFile}, ${files.keyFile}, ${files.bundleFile}`);
  source.update(loadSvidFiles(files));
  const reload = (): void => {
    try {
      source.update(loadSvidFiles(files));
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      source.fail(error);
      opts.onReloadError?.(error);
    }
  };
  const paths = [files.certFile, files.keyFile, files.bundleFile];
  const interval = opts.pollMs ?? 1000;
  for (const path of paths) watchFile(path, { interval, persistent: false }, reload);
  // watchFile takes its first stat asynchronously: a rewrite landing between our first load and that stat would
  // never be seen as a change. Reading the files once more after one interval closes that window.
  const recheck = setTimeout(reload, interval);
  recheck.unref();
  source.setStopper(() => {
    clearTimeout(recheck);
    for (const path of paths) unwatchFile(path, reload);
  });
  return source;
}
