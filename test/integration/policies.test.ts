// Policies end to end: real gRPC over mTLS into an in-process Nexus, with several minted workload identities, on
// PostgreSQL and on PGlite. Who may read, write and list what; list filtering; the reserved namespace; bad input.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import { startTestNexus, TD, type TestNexus } from "../harness/nexus.js";
import { backends } from "../harness/postgres.js";
import type { Policy__Output } from "../../proto/types/spike/v1/Policy.js";
import type { PolicySpec } from "../../proto/types/spike/v1/PolicySpec.js";
import type { PoliciesApplyResponse__Output } from "../../proto/types/spike/v1/PoliciesApplyResponse.js";
import type { PoliciesCreateResponse__Output } from "../../proto/types/spike/v1/PoliciesCreateResponse.js";
import type { PoliciesGetResponse__Output } from "../../proto/types/spike/v1/PoliciesGetResponse.js";
import type { PoliciesListResponse__Output } from "../../proto/types/spike/v1/PoliciesListResponse.js";

type Conn = NexusConnection;
type Spec = PolicySpec;
type PolicyMsg = Policy__Output;

const must = (p: PolicyMsg | null): PolicyMsg => {
  assert.ok(p !== null, "a policy in the response");
  return p;
};
const create = async (c: Conn, policy: Spec) => ({ policy: must((await unary<PoliciesCreateResponse__Output>((md, o, cb) => c.policies.Create({ policy }, md, o, cb))).policy) });
const apply = async (c: Conn, policy: Spec) => {
  const res = await unary<PoliciesApplyResponse__Output>((md, o, cb) => c.policies.Apply({ policy }, md, o, cb));
  return { policy: must(res.policy), created: res.created };
};
const getPolicy = async (c: Conn, name: string) => ({ policy: must((await unary<PoliciesGetResponse__Output>((md, o, cb) => c.policies.Get({ name }, md, o, cb))).policy) });
const listPolicies = (c: Conn, req: { spiffeIdPattern?: string; pathPattern?: string; pageToken?: string; limit?: number } = {}) =>
  unary<PoliciesListResponse__Output>((md, o, cb) => c.policies.List(req, md, o, cb));
const deletePolicy = (c: Conn, name: string) => unary((md, o, cb) => c.policies.Delete({ name }, md, o, cb));
const put = (c: Conn, path: string, data: Record<string, string> = { k: "v" }) =>
  unary<{ version: number }>((md, o, cb) => c.secrets.Put({ path, data, customMetadata: null }, md, o, cb));
const get = (c: Conn, path: string) => unary<{ data: Record<string, string> }>((md, o, cb) => c.secrets.Get({ path, version: 0 }, md, o, cb));
const metadata = (c: Conn, path: string) => unary((md, o, cb) => c.secrets.GetMetadata({ path }, md, o, cb));
const del = (c: Conn, path: string) => unary((md, o, cb) => c.secrets.Delete({ path, versions: [] }, md, o, cb));
const list = (c: Conn, prefix = "", pageToken = "", limit = 0) =>
  unary<{ paths: string[]; nextPageToken: string }>((md, o, cb) => c.secrets.List({ prefix, pageToken, limit }, md, o, cb));

async function listAll(c: Conn, prefix = "", limit = 0): Promise<string[]> {
  const out: string[] = [];
  let token = "";
  do {
    const res = await list(c, prefix, token, limit);
    out.push(...res.paths);
    token = res.nextPageToken;
  } while (token !== "");
  return out;
}

async function rejects(p: Promise<unknown>, code: grpc.status, pattern?: RegExp): Promise<void> {
  await assert.rejects(p, (err: grpc.ServiceError) => {
    assert.equal(err.code, code, `${grpc.status[err.code]}: ${err.details}`);
    if (pattern) assert.match(err.details, pattern);
    return true;
  });
}

const wl = (name: string): string => `spiffe://${TD}/workload/${name}`;
const wlPattern = (name: string): string => `^spiffe://spike\\.ist/workload/${name}$`;

for (const backend of backends()) {
  describe(`policies on ${backend}`, () => {
    let t: TestNexus;
    let su: Conn;
    let billing: Conn;
    let orders: Conn;
    let auditor: Conn;
    let admin: Conn;
    let nobody: Conn;
    const count = async (): Promise<number> => (await t.db.db.one<{ n: number }>("SELECT count(*)::int AS n FROM policies")).n;

    before(async () => {
      t = await startTestNexus(backend);
      su = t.superuser;
      billing = await t.connectAs(wl("billing"));
      orders = await t.connectAs(wl("orders"));
      auditor = await t.connectAs(wl("auditor"));
      admin = await t.connectAs(wl("acl-admin"));
      nobody = await t.connectAs(wl("nobody"));
      for (const p of ["apps/billing/db", "apps/billing/api", "apps/orders/db", "apps/orders/queue", "shared/ca", "spike/system/notes"]) await put(su, p);
    });
    after(async () => {
      await t?.close();
    });

    test("without a policy a workload is denied reads, writes, lists and policy RPCs", async () => {
      await rejects(get(nobody, "apps/billing/db"), grpc.status.PERMISSION_DENIED, /workload\/nobody may not call/);
      await rejects(put(nobody, "apps/billing/db"), grpc.status.PERMISSION_DENIED);
      await rejects(list(nobody), grpc.status.PERMISSION_DENIED);
      await rejects(listPolicies(nobody), grpc.status.PERMISSION_DENIED);
    });

    test("read, write and list are granted per policy and path, for each identity separately", async () => {
      await create(su, { name: "billing-rw", spiffeIdPattern: wlPattern("billing"), pathPattern: "^apps/billing/.*$", permissions: ["PERMISSION_READ", "PERMISSION_WRITE", "PERMISSION_LIST"] });
      await create(su, { name: "orders-read", spiffeIdPattern: "spiffe://spike\\.ist/workload/orders", pathPattern: "apps/orders/db", permissions: ["PERMISSION_READ"] });

      assert.deepEqual((await get(billing, "apps/billing/db")).data, { k: "v" });
      assert.equal((await put(billing, "apps/billing/db", { k: "v2" })).version, 2);
      await metadata(billing, "apps/billing/api");
      await del(billing, "apps/billing/api");
      await rejects(get(billing, "apps/orders/db"), grpc.status.PERMISSION_DENIED);
      await rejects(put(billing, "shared/ca"), grpc.status.PERMISSION_DENIED);

      assert.deepEqual((await get(orders, "apps/orders/db")).data, { k: "v" });
      await rejects(put(orders, "apps/orders/db"), grpc.status.PERMISSION_DENIED, /policy granting write/);
      await rejects(get(orders, "apps/orders/queue"), grpc.status.PERMISSION_DENIED, undefined);
      await rejects(list(orders), grpc.status.PERMISSION_DENIED, undefined); // no list grant anywhere
      // Full match: the unanchored SPIFFE pattern above does not match a longer ID (upstream matched substrings).
      const ordersX = await t.connectAs(wl("orders-x"));
      await rejects(get(ordersX, "apps/orders/db"), grpc.status.PERMISSION_DENIED);
    });

    test("secret list returns only the paths the caller may list; the superuser sees all", async () => {
      await create(su, { name: "auditor-list", spiffeIdPattern: wlPattern("auditor"), pathPattern: "apps/(billing|orders)/db", permissions: ["PERMISSION_LIST"] });
      assert.deepEqual(await listAll(billing), ["apps/billing/api", "apps/billing/db"]);
      assert.deepEqual(await listAll(billing, "apps/"), ["apps/billing/api", "apps/billing/db"]);
      assert.deepEqual(await listAll(auditor), ["apps/billing/db", "apps/orders/db"]);
      assert.deepEqual(await listAll(auditor, "", 1), ["apps/billing/db", "apps/orders/db"], "pages of one");
      await rejects(get(auditor, "apps/billing/db"), grpc.status.PERMISSION_DENIED, undefined);
      const all = await listAll(su);
      assert.ok(all.includes("shared/ca") && all.includes("spike/system/notes") && all.length === 6, all.join());
    });

    test("super implies every permission; a deleted policy stops admitting at once", async () => {
      await apply(su, { name: "tmp-super", spiffeIdPattern: wlPattern("nobody"), pathPattern: "^shared/.*$", permissions: ["PERMISSION_SUPER"] });
      await put(nobody, "shared/ca", { k: "n" });
      assert.deepEqual((await get(nobody, "shared/ca")).data, { k: "n" });
      assert.deepEqual(await listAll(nobody), ["shared/ca"]);
      await deletePolicy(su, "tmp-super");
      await rejects(get(nobody, "shared/ca"), grpc.status.PERMISSION_DENIED);
      await rejects(deletePolicy(su, "tmp-super"), grpc.status.NOT_FOUND, /no policy named "tmp-super"/);
    });

    test("reserved namespace: an unanchored SPIFFE pattern cannot reach spike/system/..., an anchored one can", async () => {
      const before = await count();
      await rejects(create(su, { name: "bad-acl", spiffeIdPattern: "spiffe://spike\\.ist/workload/acl-admin", pathPattern: "spike/system/acl", permissions: ["PERMISSION_WRITE"] }),
        grpc.status.INVALID_ARGUMENT, /reserved path spike\/system\/acl.*anchored/);
      await rejects(apply(su, { name: "bad-all", spiffeIdPattern: "spiffe://spike\\.ist/workload/.*", pathPattern: ".*", permissions: ["PERMISSION_READ"] }),
        grpc.status.INVALID_ARGUMENT, /reserved path/);
      assert.equal(await count(), before, "nothing stored");
      await rejects(listPolicies(admin), grpc.status.PERMISSION_DENIED);

      await create(su, { name: "acl-admin", spiffeIdPattern: wlPattern("acl-admin"), pathPattern: "^spike/system/acl$", permissions: ["PERMISSION_READ", "PERMISSION_WRITE", "PERMISSION_LIST"] });
      const names = (await listPolicies(admin)).policies.map((p) => p.name);
      assert.ok(names.includes("acl-admin") && names.includes("billing-rw"), names.join());
      const made = await create(admin, { name: "made-by-admin", spiffeIdPattern: wlPattern("x"), pathPattern: "x/.*", permissions: ["PERMISSION_READ"] });
      assert.equal(made.policy.createdBy, wl("acl-admin"));
      assert.equal((await getPolicy(admin, "made-by-admin")).policy.pathPattern, "x/.*");
      await deletePolicy(admin, "made-by-admin");
      // The acl grant is not a grant on secrets.
      await rejects(get(admin, "apps/billing/db"), grpc.status.PERMISSION_DENIED);
      // A secret stored under spike/system/ is reached only by anchored policies.
      await apply(su, { name: "notes", spiffeIdPattern: wlPattern("auditor"), pathPattern: "spike/system/notes", permissions: ["PERMISSION_READ"] });
      assert.deepEqual((await get(auditor, "spike/system/notes")).data, { k: "v" });
    });

    test("invalid patterns and unknown permissions are INVALID_ARGUMENT naming the problem; nothing is stored", async () => {
      const before = await count();
      await rejects(create(su, { name: "bad-re", spiffeIdPattern: wlPattern("a"), pathPattern: "apps/(billing", permissions: ["PERMISSION_READ"] }),
        grpc.status.INVALID_ARGUMENT, /path_pattern "apps\/\(billing" is not a valid RE2 regular expression/);
      await rejects(apply(su, { name: "bad-id", spiffeIdPattern: "^spiffe://(?=x)$", pathPattern: "apps/.*", permissions: ["PERMISSION_READ"] }),
        grpc.status.INVALID_ARGUMENT, /spiffe_id_pattern/);
      await rejects(create(su, { name: "no-perm", spiffeIdPattern: wlPattern("a"), pathPattern: "apps/.*", permissions: [] }), grpc.status.INVALID_ARGUMENT, /at least one permission/);
      await rejects(create(su, { name: "unspec", spiffeIdPattern: wlPattern("a"), pathPattern: "apps/.*", permissions: ["PERMISSION_UNSPECIFIED"] }),
        grpc.status.INVALID_ARGUMENT, /unknown permission "PERMISSION_UNSPECIFIED"/);
      await rejects(create(su, { name: "bad name!", spiffeIdPattern: wlPattern("a"), pathPattern: "apps/.*", permissions: ["PERMISSION_READ"] }), grpc.status.INVALID_ARGUMENT, /policy name/);
      assert.equal(await count(), before);
    });

    test("create refuses an existing name; apply replaces and keeps created_time; get, list filters and pages", async () => {
      const spec: Spec = { name: "page-a", spiffeIdPattern: wlPattern("pager"), pathPattern: "pages/.*", permissions: ["PERMISSION_LIST", "PERMISSION_READ", "PERMISSION_READ"] };
      const made = await create(su, spec);
      assert.deepEqual(made.policy.permissions, ["PERMISSION_READ", "PERMISSION_LIST"], "merged and ascending");
      await rejects(create(su, spec), grpc.status.ALREADY_EXISTS, /page-a/);
      const replaced = await apply(su, { ...spec, permissions: ["PERMISSION_WRITE"] });
      assert.equal(replaced.created, false);
      assert.deepEqual(replaced.policy.permissions, ["PERMISSION_WRITE"]);
      assert.deepEqual(replaced.policy.createdTime, made.policy.createdTime);
      assert.equal((await apply(su, { ...spec, name: "page-b" })).created, true);
      await apply(su, { ...spec, name: "page-c" });
      await rejects(getPolicy(su, "missing"), grpc.status.NOT_FOUND);

      const byId = await listPolicies(su, { spiffeIdPattern: wlPattern("pager"), limit: 2 });
      assert.deepEqual(byId.policies.map((p) => p.name), ["page-a", "page-b"]);
      const rest = await listPolicies(su, { spiffeIdPattern: wlPattern("pager"), limit: 2, pageToken: byId.nextPageToken });
      assert.deepEqual(rest.policies.map((p) => p.name), ["page-c"]);
      assert.equal(rest.nextPageToken, "");
      assert.deepEqual((await listPolicies(su, { pathPattern: "^apps/billing/.*$" })).policies.map((p) => p.name), ["billing-rw"]);
      await rejects(listPolicies(su, { pathPattern: "other", pageToken: byId.nextPageToken }), grpc.status.INVALID_ARGUMENT, /page_token/);
    });

    test("the superuser bypasses policies entirely", async () => {
      assert.deepEqual((await get(su, "apps/orders/queue")).data, { k: "v" });
      await put(su, "unlisted/anything");
      await del(su, "unlisted/anything");
    });
  });
}

describe("the cipher service by policy", () => {
  let t: TestNexus;
  before(async () => {
    t = await startTestNexus("postgres");
  });
  after(async () => {
    await t?.close();
  });

  test("execute on spike/system/cipher/exec (anchored SPIFFE pattern) lets a workload encrypt and decrypt; others are denied", async () => {
    const encrypt = (c: Conn) => unary<{ ciphertext: Buffer }>((md, o, cb) => c.cipher.Encrypt({ plaintext: Buffer.from("hello"), associatedData: Buffer.alloc(0) }, md, o, cb));
    const signer = await t.connectAs(wl("signer"));
    const other = await t.connectAs(wl("other"));
    await rejects(encrypt(signer), grpc.status.PERMISSION_DENIED);
    await create(t.superuser, { name: "cipher-signer", spiffeIdPattern: `^spiffe://spike\\.ist/workload/signer$`, pathPattern: "^spike/system/cipher/exec$", permissions: ["PERMISSION_EXECUTE"] });
    const sealed = await encrypt(signer);
    const opened = await unary<{ plaintext: Buffer }>((md, o, cb) => signer.cipher.Decrypt({ ciphertext: sealed.ciphertext, associatedData: Buffer.alloc(0) }, md, o, cb));
    assert.equal(opened.plaintext.toString(), "hello");
    await rejects(encrypt(other), grpc.status.PERMISSION_DENIED);
    // An unanchored SPIFFE pattern may not reach the reserved namespace at all.
    await rejects(create(t.superuser, { name: "cipher-loose", spiffeIdPattern: "spiffe://spike\\.ist/workload/.*", pathPattern: "^spike/system/cipher/exec$", permissions: ["PERMISSION_EXECUTE"] }), grpc.status.INVALID_ARGUMENT);
  });
});
