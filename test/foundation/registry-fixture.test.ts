import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registryAvailable, startRegistry, type TestRegistry } from "../harness/index.js";

const canRun = registryAvailable();

function sha256(data: Buffer): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

/** The two-step monolithic upload of the OCI distribution spec: POST a session, PUT the bytes. */
async function pushBlob(registry: TestRegistry, repo: string, data: Buffer, headers: Record<string, string> = {}) {
  const start = await fetch(`${registry.url}/v2/${repo}/blobs/uploads/`, { method: "POST", headers });
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get("location") ?? "", registry.url);
  location.searchParams.set("digest", sha256(data));
  const put = await fetch(location, {
    method: "PUT",
    headers: { ...headers, "content-type": "application/octet-stream", "content-length": String(data.length) },
    body: data,
  });
  expect(put.status).toBe(201);
  return put.headers.get("docker-content-digest");
}

describe.skipIf(!canRun)("the registry fixture (CNCF distribution)", () => {
  let open: TestRegistry;
  let authed: TestRegistry;
  beforeAll(async () => {
    [open, authed] = await Promise.all([startRegistry(), startRegistry({ auth: true })]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), authed?.stop()]);
  });

  it("pushes a blob and pulls back the same bytes by digest", async () => {
    const data = Buffer.from(`model weights ${Date.now()}`);
    expect(await pushBlob(open, "slipway/model", data)).toBe(sha256(data));
    const pulled = await fetch(`${open.url}/v2/slipway/model/blobs/${sha256(data)}`);
    expect(pulled.status).toBe(200);
    expect(Buffer.from(await pulled.arrayBuffer())).toEqual(data);
  });

  it("rejects anonymous requests when htpasswd auth is on and accepts the credentials", async () => {
    const anonymous = await fetch(`${authed.url}/v2/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic realm="slipway-test"/);
    const { username, password } = authed.credentials!;
    const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    const data = Buffer.from("private layer");
    expect(await pushBlob(authed, "private/model", data, { authorization })).toBe(sha256(data));
    const pulled = await fetch(`${authed.url}/v2/private/model/blobs/${sha256(data)}`, { headers: { authorization } });
    expect(Buffer.from(await pulled.arrayBuffer())).toEqual(data);
  });

  it("refuses a blob whose bytes do not match the declared digest", async () => {
    const start = await fetch(`${open.url}/v2/slipway/model/blobs/uploads/`, { method: "POST" });
    const location = new URL(start.headers.get("location") ?? "", open.url);
    location.searchParams.set("digest", sha256(Buffer.from("something else")));
    const put = await fetch(location, {
      method: "PUT",
      body: Buffer.from("tampered"),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(put.status).toBe(400);
    const body = (await put.json()) as { errors: { code: string }[] };
    expect(body.errors[0]?.code).toBe("DIGEST_INVALID");
  });
});
