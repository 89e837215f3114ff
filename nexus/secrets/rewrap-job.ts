// The rewrap job (Operator.Rewrap): re-encrypts, in the background, every stored secret version and admin token
// whose ciphertext is not under the active data key, so that old data keys stop protecting anything.
//
// It walks each table in key order, a batch at a time: reads the stale ciphertexts, opens each with the keyring,
// seals it again under the active key with the same AAD binding (table, path or id, version) and zeroes the
// plaintext at once; then writes the batch in one transaction, each row only if it still holds the ciphertext that
// was read (compare-and-set). A version destroyed or pruned meanwhile, or rewrapped by another Nexus, is left as it
// is. Keyring uses are reserved before the transaction, never inside it. A ciphertext that does not authenticate
// (DATA_LOSS) is counted as failed and reported by location, never fatal; it keeps its old ciphertext. Nothing
// here returns or logs plaintext.
//
// One job at a time per Nexus: starting while one runs joins it. The job does not depend on any caller: it goes on
// when they disconnect, and the last one (running or finished) can be watched.
import { SpikeError, unavailable } from "../../lib/errors.js";
import type { Log } from "../../lib/log.js";
import type { Binding } from "../crypto/aad.js";
import { parseEnvelope } from "../crypto/envelope.js";
import type { RewrapRepository } from "../store/rewrap-repository.js";
import type { SecretCipher } from "./cipher.js";

/** Rows read, re-encrypted and written per transaction. */
export const DEFAULT_REWRAP_BATCH = 200;
/** Failures listed in the result (all are counted). */
export const MAX_LISTED_FAILURES = 100;

/** What the job needs from the store (RewrapRepository; tests pass a fake). */
export type RewrapStore = Pick<RewrapRepository, "count" | "staleSecrets" | "staleAdminTokens" | "replaceSecrets" | "replaceAdminTokens">;

/** What the job needs from the crypto barrier: the cipher, and which key is active. */
export interface RewrapCipher extends SecretCipher {
  activeKeyId(): Promise<number>;
}

export type RewrapStage = "counting" | "rewrapping" | "done" | "failed";

export interface RewrapProgress {
  readonly stage: RewrapStage;
  /** Items (secret versions and admin tokens) not under the target key when the job started: the work to do. */
  readonly total: number;
  /** Items of `total` handled so far (rewrapped, failed, or found changed meanwhile). */
  readonly done: number;
  readonly rewrapped: number;
  /** Items already under the target key, or changed by someone else before they could be rewrapped. */
  readonly skipped: number;
  readonly failed: number;
}

export interface RewrapResult {
  /** The key active when the job started; everything examined was moved to it (or to a newer key). */
  readonly targetKeyId: number;
  readonly total: number;
  readonly rewrapped: number;
  readonly skipped: number;
  readonly failed: number;
  /** The first MAX_LISTED_FAILURES failures: "secrets:<path>@<version>: <reason>" or "admin_token:<id>: <reason>". */
  readonly failures: readonly string[];
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

/** One run of the job. */
export class RewrapRun {
  readonly startedAt = new Date();
  /** Resolves with the outcome; rejects when the job stopped (database or root key gone, Nexus shutting down). */
  readonly result: Promise<RewrapResult>;
  #stage: RewrapStage = "counting";
  #targetKeyId = 0;
  #total = 0;
  #done = 0;
  #rewrapped = 0;
  #skipped = 0;
  #failed = 0;
  readonly #failures: string[] = [];
  #stopping = false;

  constructor(
    private readonly repo: RewrapStore,
    private readonly cipher: RewrapCipher,
    private readonly log: Log,
    private readonly batchSize: number,
  ) {
    this.result = this.#run().then(
      (result) => {
        this.#stage = "done";
        log.info("rewrap finished", { targetKeyId: result.targetKeyId, rewrapped: result.rewrapped, skipped: result.skipped, failed: result.failed });
        return result;
      },
      (err: unknown) => {
        this.#stage = "failed";
        log.error("rewrap stopped", { targetKeyId: this.#targetKeyId, done: this.#done, total: this.#total, error: err instanceof Error ? err.message : String(err) });
        throw err;
      },
    );
    // Nobody may be waiting (the caller left): the outcome is logged above and kept for watchers.
    this.result.catch(() => undefined);
  }

  get finished(): boolean {
    return this.#stage === "done" || this.#stage === "failed";
  }

  progress(): RewrapProgress {
    return { stage: this.#stage, total: this.#total, done: this.#done, rewrapped: this.#rewrapped, skipped: this.#skipped, failed: this.#failed };
  }

  /** Asks the job to stop after its current batch (Nexus is shutting down). */
  stop(): void {
    this.#stopping = true;
  }

  async #run(): Promise<RewrapResult> {
    const target = await this.cipher.activeKeyId();
    this.#targetKeyId = target;
    const counts = await this.repo.count(target);
    this.#total = counts.staleSecrets + counts.staleAdminTokens;
    this.#skipped = counts.secrets - counts.staleSecrets + (counts.adminTokens - counts.staleAdminTokens);
    this.#stage = "rewrapping";
    this.log.info("rewrap started", { targetKeyId: target, items: this.#total });

    let afterSecret: { path: string; version: number } | undefined;
    for (;;) {
      this.#checkStopping();
      const batch = await this.repo.staleSecrets(target, afterSecret, this.batchSize);
      const last = batch.at(-1);
      if (last === undefined) break;
      afterSecret = { path: last.path, version: last.version };
      const updates: Array<{ path: string; version: number; old: Buffer; next: Buffer }> = [];
      for (const row of batch) {
        const next = await this.#reseal(row.ciphertext, { table: "secrets", path: row.path, version: row.version }, target, `secrets:${row.path}@${row.version}`);
        if (next !== undefined) updates.push({ path: row.path, version: row.version, old: row.ciphertext, next });
      }
      this.#tally(batch.length, await this.repo.replaceSecrets(updates));
    }

    let afterToken: string | undefined;
    for (;;) {
      this.#checkStopping();
      const batch = await this.repo.staleAdminTokens(target, afterToken, this.batchSize);
      const last = batch.at(-1);
      if (last === undefined) break;
      afterToken = last.id;
      const updates: Array<{ id: string; old: Buffer; next: Buffer }> = [];
      for (const row of batch) {
        const next = await this.#reseal(row.ciphertext, { table: "admin_tokens", path: row.id, version: 1 }, target, `admin_token:${row.id}`);
        if (next !== undefined) updates.push({ id: row.id, old: row.ciphertext, next });
      }
      this.#tally(batch.length, await this.repo.replaceAdminTokens(updates));
    }

    return {
      targetKeyId: target,
      total: this.#total,
      rewrapped: this.#rewrapped,
      skipped: this.#skipped,
      failed: this.#failed,
      failures: [...this.#failures],
      startedAt: this.startedAt,
      finishedAt: new Date(),
    };
  }

  /**
   * The ciphertext sealed again under the active key, or undefined when it is to be left alone: it failed to
   * authenticate (counted as failed), or it is already under a key newer than the target (counted as skipped).
   */
  async #reseal(old: Buffer, binding: Binding, target: number, label: string): Promise<Buffer | undefined> {
    let plaintext: Buffer;
    try {
      if (parseEnvelope(old).keyId > target) {
        this.#skipped += 1;
        return undefined;
      }
      plaintext = await this.cipher.open(old, binding);
    } catch (err) {
      if (err instanceof SpikeError && err.code === "data_loss") {
        this.#failed += 1;
        if (this.#failures.length < MAX_LISTED_FAILURES) this.#failures.push(`${label}: ${err.message}`);
        this.log.warn("rewrap: ciphertext does not authenticate; left as it is", { item: label, reason: err.message });
        return undefined;
      }
      throw err;
    }
    try {
      const permit = await this.cipher.reserve();
      return permit.seal(plaintext, binding);
    } finally {
      plaintext.fill(0);
    }
  }

  /** Counts a written batch: rows swapped were rewrapped; rows that changed meanwhile are skipped. */
  #tally(batchRows: number, swapped: readonly boolean[]): void {
    for (const ok of swapped) {
      if (ok) this.#rewrapped += 1;
      else this.#skipped += 1;
    }
    this.#done += batchRows;
  }

  #checkStopping(): void {
    if (this.#stopping) throw unavailable("the rewrap job stopped: Nexus is shutting down");
  }
}

/** The rewrap job of one Nexus: at most one run at a time. */
export class RewrapJob {
  #current: RewrapRun | undefined;
  #closed = false;

  constructor(
    private readonly repo: RewrapStore,
    private readonly cipher: RewrapCipher,
    private readonly log: Log,
    private readonly options: { readonly batchSize?: number } = {},
  ) {}

  /** Starts a run, or returns the one already running. */
  start(): RewrapRun {
    if (this.#current !== undefined && !this.#current.finished) return this.#current;
    if (this.#closed) throw unavailable("Nexus is shutting down");
    this.#current = new RewrapRun(this.repo, this.cipher, this.log, this.options.batchSize ?? DEFAULT_REWRAP_BATCH);
    return this.#current;
  }

  /** The running run, or the last finished one; undefined when none has run since Nexus started. */
  last(): RewrapRun | undefined {
    return this.#current;
  }

  /** Stops a running job after its current batch and waits for it. */
  async close(): Promise<void> {
    this.#closed = true;
    const run = this.#current;
    if (run === undefined) return;
    run.stop();
    await run.result.catch(() => undefined);
  }
}

/**
 * Reports a run's progress now and every `intervalMs` until it ends, then once more; resolves with its result,
 * or undefined when `signal` aborts first (the caller left; the run goes on). Rejects when the run failed.
 */
export function followRewrap(run: RewrapRun, onProgress: (p: RewrapProgress) => void, signal: AbortSignal, intervalMs = 1000): Promise<RewrapResult | undefined> {
  onProgress(run.progress());
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => onProgress(run.progress()), intervalMs);
    const stop = (): void => {
      clearInterval(timer);
      signal.removeEventListener("abort", onAbort);
    };
    const onAbort = (): void => {
      stop();
      resolve(undefined);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    run.result.then(
      (result) => {
        stop();
        if (!signal.aborted) onProgress(run.progress());
        resolve(result);
      },
      (err: unknown) => {
        stop();
        reject(err);
      },
    );
  });
}
