import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { trainingOctokit } from "../../src/github/octokit.js";

/** A loopback server whose answer to each request is decided by the test, in order. */
type Answer = (response: ServerResponse) => void;
const answers: Answer[] = [];
const seen: string[] = [];
const hung: ServerResponse[] = [];
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  seen.push(`${request.method} ${request.url}`);
  (answers.shift() ?? ((res) => res.writeHead(500).end()))(response);
});
let baseUrl = "";

const never: Answer = (response) => hung.push(response);
const json =
  (status: number, body: unknown): Answer =>
  (response) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
/** Sends the headers and half the body, then stops. */
const halfBody: Answer = (response) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.write('{"login": "ali');
  hung.push(response);
};

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const response of hung.splice(0)) response.destroy();
  answers.length = 0;
  seen.length = 0;
});
afterAll(async () => {
  nock.enableNetConnect();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const octokit = (retries: number) =>
  new (trainingOctokit({ throttle: false, retries, requestTimeoutMs: 200 }))({ baseUrl });

describe("trainingOctokit's limit on one attempt", () => {
  it("gives up an attempt GitHub does not answer, and retries it as a 5xx", async () => {
    answers.push(never, json(200, { login: "alice" }));
    const { data } = await octokit(2).request("GET /users/{username}", { username: "alice" });
    expect(data).toEqual({ login: "alice" });
    expect(seen).toEqual(["GET /users/alice", "GET /users/alice"]);
  });

  it("fails with a message naming the request and the limit when no attempt is answered", async () => {
    answers.push(never, never);
    const request = octokit(1).request("PUT /repos/{owner}/{repo}/contents/{path}", {
      owner: "acme",
      repo: "context7-training",
      path: "records/alice.yml",
      message: "m",
      content: "",
    });
    await expect(request).rejects.toMatchObject({
      status: 500,
      message: expect.stringMatching(
        /^GitHub did not answer PUT http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/context7-training\/contents\/records%2Falice\.yml within 0\.2 s$/,
      ),
    });
    expect(seen).toHaveLength(2);
  });

  it("fails an answer whose body stops halfway, instead of reading it as empty", async () => {
    answers.push(halfBody);
    await expect(octokit(0).request("GET /users/alice")).rejects.toThrow(
      /GitHub did not answer GET .*\/users\/alice within 0\.2 s/,
    );
  });

  it("passes answers within the limit through whole: status, headers, body, none for 204", async () => {
    answers.push(
      (response) =>
        response
          .writeHead(200, { "content-type": "application/json", link: '<x>; rel="next"' })
          .end('{"login":"alice"}'),
      (response) => response.writeHead(204).end(),
    );
    const user = await octokit(0).request("GET /users/alice");
    expect(user.status).toBe(200);
    expect(user.headers.link).toBe('<x>; rel="next"');
    expect(user.url).toBe(`${baseUrl}/users/alice`);
    expect(user.data).toEqual({ login: "alice" });
    const none = await octokit(0).request("DELETE /repos/acme/context7-training/labels/x");
    expect(none.status).toBe(204);
  });

  it("leaves a 4xx alone: answered at once, not retried", async () => {
    answers.push(json(404, { message: "Not Found" }));
    await expect(octokit(2).request("GET /users/nobody")).rejects.toMatchObject({ status: 404 });
    expect(seen).toHaveLength(1);
  });
});
