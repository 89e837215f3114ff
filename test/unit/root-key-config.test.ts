// Root-key settings that cannot work stop Nexus at start, with a message naming the variable.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError } from "../../lib/env.js";
import { loadNexusConfig } from "../../nexus/config.js";

const refuses = (env: Record<string, string>, pattern: RegExp): void => {
  assert.throws(() => loadNexusConfig(env), (err: Error) => err instanceof ConfigError && pattern.test(err.message));
};

describe("Shamir and Keeper configuration", () => {
  test("defaults: 2-of-3 over Keepers 1..3 on 127.0.0.1:8443..8445", () => {
    const cfg = loadNexusConfig({});
    assert.equal(cfg.SPIKE_NEXUS_SHAMIR_SHARES, 3);
    assert.equal(cfg.SPIKE_NEXUS_SHAMIR_THRESHOLD, 2);
    assert.deepEqual(cfg.keeperPeers.map((p) => [p.address, p.spiffeId.text, p.shareId]), [
      ["127.0.0.1:8443", "spiffe://spike.ist/spike/keeper/1", 1],
      ["127.0.0.1:8444", "spiffe://spike.ist/spike/keeper/2", 2],
      ["127.0.0.1:8445", "spiffe://spike.ist/spike/keeper/3", 3],
    ]);
  });

  test("a threshold above the share count", () => refuses({ SPIKE_NEXUS_SHAMIR_THRESHOLD: "4" }, /SPIKE_NEXUS_SHAMIR_THRESHOLD: 4 is more than SPIKE_NEXUS_SHAMIR_SHARES \(3\)/));
  test("zero or non-numeric counts", () => {
    refuses({ SPIKE_NEXUS_SHAMIR_SHARES: "0" }, /SPIKE_NEXUS_SHAMIR_SHARES/);
    refuses({ SPIKE_NEXUS_SHAMIR_THRESHOLD: "two" }, /SPIKE_NEXUS_SHAMIR_THRESHOLD/);
  });
  test("a Keeper list that does not match the share count", () =>
    refuses({ SPIKE_NEXUS_KEEPER_PEERS: "127.0.0.1:1=spiffe://spike.ist/spike/keeper/1" }, /SPIKE_NEXUS_KEEPER_PEERS: lists 1 Keepers, but SPIKE_NEXUS_SHAMIR_SHARES is 3/));
  test("an entry that is not a Keeper ID, a duplicate share id, a bad address", () => {
    const base = "127.0.0.1:1=spiffe://spike.ist/spike/keeper/1,127.0.0.1:2=spiffe://spike.ist/spike/keeper/2";
    refuses({ SPIKE_NEXUS_SHAMIR_SHARES: "3", SPIKE_NEXUS_KEEPER_PEERS: `${base},127.0.0.1:3=spiffe://spike.ist/spike/nexus` }, /is not a Keeper ID/);
    refuses({ SPIKE_NEXUS_SHAMIR_SHARES: "3", SPIKE_NEXUS_KEEPER_PEERS: `${base},127.0.0.1:3=spiffe://spike.ist/spike/keeper/2` }, /same Keeper share id/);
    refuses({ SPIKE_NEXUS_SHAMIR_SHARES: "3", SPIKE_NEXUS_KEEPER_PEERS: `${base},nowhere=spiffe://spike.ist/spike/keeper/3` }, /is not host:port/);
    refuses({ SPIKE_NEXUS_SHAMIR_SHARES: "3", SPIKE_NEXUS_KEEPER_PEERS: `${base},127.0.0.1:3=spiffe://spike.ist/spike/keeper/7` }, /share ids must be 1\.\.3/);
  });
});
