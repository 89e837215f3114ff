// nexus/audit/chain.ts: the chain's hash is a stored format. Every record already written was hashed with it, so
// the encoding must never drift: these known answers were computed by the first implementation (a Buffer per field)
// and pin the one that replaced it (one buffer per record).
import assert from "node:assert/strict";
import { test } from "node:test";
import { chainHash, type UnhashedRow } from "../../nexus/audit/chain.js";

const rows: ReadonlyArray<{ row: UnhashedRow; hash: string }> = [
  {
    row: {
      sequence: 1,
      time: new Date(Date.UTC(2026, 11, 4, 19, 0, 0, 123)),
      caller: "spiffe://spike.ist/spike/pilot/role/superuser",
      action: "secret.get",
      resource: "apps/db/password",
      outcome: "ok",
      requestId: "0b8a7c1e-5b0a-4f55-9d7e-2f4d8e0c9a11",
      durationMicros: 345,
      prevHash: Buffer.alloc(32),
    },
    hash: "0fff4645e258623f866c744860e19b93e8cf2afbb1db2e350b79e2a6c7293577",
  },
  {
    // A sequence and a duration above 2^32, a time before the epoch, non-ASCII text and empty fields.
    row: {
      sequence: 2 ** 40 + 7,
      time: new Date(-86_400_000),
      caller: "",
      action: "secret.put",
      resource: "héllo/😀/\uFFFD",
      outcome: "PERMISSION_DENIED",
      requestId: "",
      durationMicros: 2 ** 33 + 5,
      prevHash: Buffer.alloc(32, 0xab),
    },
    hash: "e6d02b97f4ccaa4da5376b65b4b2047cec2474c1dcb84f737890b3749c3aca81",
  },
];

test("the chain hash of known records is unchanged", () => {
  for (const { row, hash } of rows) assert.equal(chainHash(row).toString("hex"), hash);
});

test("moving characters from one field to the next changes the hash", () => {
  const base = rows[0]?.row as UnhashedRow;
  assert.notEqual(chainHash(base).toString("hex"), chainHash({ ...base, action: "secret.geta", resource: "pps/db/password" }).toString("hex"));
  assert.notEqual(chainHash({ ...base, caller: "ab", action: "c" }).toString("hex"), chainHash({ ...base, caller: "a", action: "bc" }).toString("hex"));
});

test("every field and the previous hash are covered", () => {
  const base = rows[0]?.row as UnhashedRow;
  const original = chainHash(base).toString("hex");
  const changes: UnhashedRow[] = [
    { ...base, sequence: 2 },
    { ...base, time: new Date(base.time.getTime() + 1) },
    { ...base, caller: `${base.caller}x` },
    { ...base, action: "secret.put" },
    { ...base, resource: "apps/db/passwore" },
    { ...base, outcome: "denied" },
    { ...base, requestId: "0b8a7c1e-5b0a-4f55-9d7e-2f4d8e0c9a12" },
    { ...base, durationMicros: 346 },
    { ...base, prevHash: Buffer.alloc(32, 1) },
  ];
  for (const changed of changes) assert.notEqual(chainHash(changed).toString("hex"), original);
});
