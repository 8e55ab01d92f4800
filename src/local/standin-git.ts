/**
 * The Git Data API of the loopback stand-in, for the App's multi-record commits: the
 * training repo's default branch (`main`) has a head that moves with every write; trees and
 * commits are kept in memory; a ref update lands only as a fast-forward from the current
 * head (422 "Update is not a fast forward" otherwise), and then writes the commit's files.
 * Reads at a `ref` are answered with the current files, which is safe for compare-and-swap:
 * a read that saw newer files than its ref belongs to a batch whose ref update then fails.
 */
export type Answer = (status: number, payload: unknown) => void;

interface Commit {
  tree: string;
  parent: string | undefined;
}

export class StandInGit {
  private head = "0".repeat(40);
  private sequence = 0;
  private readonly trees = new Map<string, { path: string; content: string }[]>();
  private readonly commits = new Map<string, Commit>();

  constructor(
    private readonly trainingRepo: string,
    /** Writes one file of a landed commit; false when the path is not the stand-in's. */
    private readonly writeFile: (path: string, content: Buffer) => boolean,
  ) {}

  /** Another write (the Contents API) moved the branch. */
  moved(): void {
    this.head = this.nextSha();
  }

  /** Answers a Git Data or repository request; false for any other request. */
  handle(method: string, rawPath: string, body: unknown, answer: Answer): boolean {
    const prefix = `/repos/${this.trainingRepo}`.toLowerCase();
    const path = decodeURIComponent(rawPath);
    if (!path.toLowerCase().startsWith(prefix)) return false;
    const rest = path.slice(prefix.length);
    if (method === "GET" && rest === "") {
      answer(200, { full_name: this.trainingRepo, default_branch: "main" });
      return true;
    }
    if (method === "GET" && rest === "/branches/main") {
      const commit = { sha: this.head, commit: { tree: { sha: `tree-${this.head}` } } };
      answer(200, { name: "main", commit });
      return true;
    }
    if (method === "POST" && rest === "/git/trees") {
      const { tree } = body as { tree: { path: string; content: string }[] };
      const sha = this.nextSha();
      this.trees.set(sha, tree);
      answer(201, { sha });
      return true;
    }
    if (method === "POST" && rest === "/git/commits") {
      const { tree, parents } = body as { tree: string; parents: string[] };
      const sha = this.nextSha();
      this.commits.set(sha, { tree, parent: parents[0] });
      answer(201, { sha });
      return true;
    }
    if (method === "PATCH" && rest === "/git/refs/heads/main") {
      this.updateRef(body as { sha: string; force?: boolean }, answer);
      return true;
    }
    return false;
  }

  private updateRef({ sha, force }: { sha: string; force?: boolean }, answer: Answer) {
    const commit = this.commits.get(sha);
    const files = commit === undefined ? undefined : this.trees.get(commit.tree);
    if (commit === undefined || files === undefined) {
      return answer(422, { message: "Object does not exist" });
    }
    if (force !== true && commit.parent !== this.head) {
      return answer(422, { message: "Update is not a fast forward" });
    }
    for (const file of files) {
      if (!this.writeFile(file.path, Buffer.from(file.content, "utf8"))) {
        return answer(422, { message: `${file.path} is not a file the stand-in keeps` });
      }
    }
    this.head = sha;
    answer(200, { ref: "refs/heads/main", object: { type: "commit", sha } });
  }

  private nextSha(): string {
    return (++this.sequence).toString(16).padStart(40, "a");
  }
}
