/**
 * A stand-in for GitHub's REST API on loopback, for `replay`, the tests and the benchmark.
 * It serves the training repo's config and keeps its `records/` folder in a local folder,
 * with GitHub's compare-and-swap: a PUT with a stale sha gets 409, a PUT without a sha on
 * an existing file 422. Every other write (comments, check runs, issues) is answered with
 * a plausible body and kept in the outbox. Other repos' files (`repoFiles`, for the version
 * check) are served for any ref, raw when asked, with their folders listed; a file they do
 * not hold is 404. Anything else is 404 and noted as unexpected.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { CONFIG_PATH } from "../core/config.js";

export interface StandInOptions {
  /** owner/name of the training repo. */
  trainingRepo: string;
  /** The folder that holds the training repo's `records/` files. */
  recordsDir: string;
  /** The text of `.github/context7-training.yml`. */
  configText: string;
  /** owner/name → { path: text }: files of any repo (the training repo's too), at any ref. */
  repoFiles?: Record<string, Record<string, string>>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body?: unknown;
}

/** Git's blob sha of a file's content, as GitHub reports it. */
export function blobSha(content: Buffer): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

export class GitHubStandIn {
  readonly requests: RecordedRequest[] = [];
  readonly outbox: RecordedRequest[] = [];
  readonly unexpected: RecordedRequest[] = [];
  private server: Server | null = null;
  private nextId = 1;
  private readonly repoFiles = new Map<string, Record<string, string>>();

  constructor(private readonly options: StandInOptions) {
    mkdirSync(options.recordsDir, { recursive: true });
    for (const [repo, files] of Object.entries(options.repoFiles ?? {}))
      this.serveRepo(repo, files);
  }

  /** Serves these files of `owner/name` (replacing any it served before), at any ref. */
  serveRepo(repo: string, files: Record<string, string>) {
    this.repoFiles.set(repo.toLowerCase(), files);
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
    this.server = null;
  }

  /** Requests made so far, as "reads" (GET) and "writes" (anything else). */
  counts(): { reads: number; writes: number } {
    const reads = this.requests.filter((request) => request.method === "GET").length;
    return { reads, writes: this.requests.length - reads };
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = text === "" ? undefined : (JSON.parse(text) as unknown);
    const method = request.method ?? "GET";
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const recorded: RecordedRequest =
      body === undefined ? { method, path } : { method, path, body };
    this.requests.push(recorded);
    const answer = (status: number, payload: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(payload));
    };
    // The scheduled run lists its open issues; the stand-in keeps none.
    if (
      method === "GET" &&
      path.toLowerCase() === `/repos/${this.options.trainingRepo}/issues`.toLowerCase()
    ) {
      return answer(200, []);
    }
    const file = this.trainingFile(path);
    const isTrainingFile = file === CONFIG_PATH || file?.startsWith("records/") === true;
    const served = method === "GET" && !isTrainingFile ? this.servedFile(path) : null;
    if (served !== null) {
      return this.serve(served, request.headers.accept ?? "", response, answer);
    }
    if (file !== null && method === "GET") return this.read(file, answer);
    if (file !== null && method === "PUT" && file.startsWith("records/")) {
      return this.write(file, body as { content: string; sha?: string }, answer);
    }
    if (method !== "GET") {
      this.outbox.push(recorded);
      const id = this.nextId++;
      return answer(201, {
        id,
        number: id,
        node_id: `STANDIN_${id}`,
        html_url: `https://github.com${path}/${id}`,
      });
    }
    this.unexpected.push(recorded);
    return answer(404, { message: "Not Found" });
  }

  /** The training repo's file a contents URL names, or null for anything else. */
  private trainingFile(path: string): string | null {
    const prefix = `/repos/${this.options.trainingRepo}/contents/`.toLowerCase();
    if (!path.toLowerCase().startsWith(prefix)) return null;
    return decodeURIComponent(path.slice(prefix.length));
  }

  /** A contents URL of a repo in `repoFiles`: its files and the path asked for. */
  private servedFile(path: string): { files: Record<string, string>; path: string } | null {
    const match = /^\/repos\/([^/]+\/[^/]+)\/contents(?:\/(.*))?$/.exec(path);
    const files = match === null ? undefined : this.repoFiles.get((match[1] ?? "").toLowerCase());
    if (files === undefined) return null;
    return { files, path: decodeURIComponent(match?.[2] ?? "").replace(/\/+$/, "") };
  }

  private serve(
    served: { files: Record<string, string>; path: string },
    accept: string,
    response: ServerResponse,
    answer: (status: number, payload: unknown) => void,
  ) {
    const { files, path } = served;
    const text = files[path];
    if (text !== undefined) {
      const content = Buffer.from(text, "utf8");
      if (accept.includes(".raw")) {
        // GitHub's raw media type: the bytes themselves.
        response.writeHead(200, { "content-type": "application/vnd.github.raw" });
        return response.end(content);
      }
      return answer(200, {
        type: "file",
        encoding: "base64",
        path,
        sha: blobSha(content),
        content: content.toString("base64"),
      });
    }
    const prefix = path === "" ? "" : `${path}/`;
    const entries = new Map<string, "file" | "dir">();
    for (const name of Object.keys(files).filter((name) => name.startsWith(prefix))) {
      const [first = "", ...rest] = name.slice(prefix.length).split("/");
      entries.set(first, rest.length > 0 ? "dir" : "file");
    }
    if (entries.size === 0) return answer(404, { message: "Not Found" });
    answer(
      200,
      [...entries].map(([name, type]) => ({ type, name, path: `${prefix}${name}` })),
    );
  }

  private localPath(file: string): string | null {
    const name = file.slice("records/".length);
    return file.startsWith("records/") && /^[\w.-]+$/.test(name)
      ? join(this.options.recordsDir, name)
      : null;
  }

  private current(file: string): Buffer | null {
    if (file === CONFIG_PATH) return Buffer.from(this.options.configText, "utf8");
    const local = this.localPath(file);
    if (local === null) return null;
    try {
      return readFileSync(local);
    } catch {
      return null;
    }
  }

  private read(file: string, answer: (status: number, payload: unknown) => void) {
    const content = this.current(file);
    if (content === null) return answer(404, { message: "Not Found" });
    answer(200, {
      type: "file",
      encoding: "base64",
      path: file,
      sha: blobSha(content),
      content: content.toString("base64"),
    });
  }

  private write(
    file: string,
    body: { content: string; sha?: string },
    answer: (status: number, payload: unknown) => void,
  ) {
    const local = this.localPath(file);
    if (local === null) return answer(422, { message: "Invalid path" });
    const existing = this.current(file);
    if (existing !== null && body.sha === undefined)
      return answer(422, { message: '"sha" wasn\'t supplied.' });
    if (existing !== null && body.sha !== blobSha(existing)) {
      return answer(409, { message: `${file} does not match ${body.sha}` });
    }
    if (existing === null && body.sha !== undefined)
      return answer(409, { message: `${file} does not exist` });
    const content = Buffer.from(body.content, "base64");
    writeFileSync(local, content);
    answer(existing === null ? 201 : 200, {
      content: { path: file, sha: blobSha(content) },
      commit: { sha: blobSha(Buffer.from(`${file}${Date.now()}${this.nextId++}`)) },
    });
  }
}
