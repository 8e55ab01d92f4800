/**
 * The training repo's default branch (`main`) in the loopback stand-in, for the App's
 * multi-record commits: a head that moves with every write, and GraphQL's
 * `createCommitOnBranch`, which lands only when `expectedHeadOid` is still the head
 * (GitHub's STALE_DATA error otherwise) and then writes the commit's files.
 * Reads at a `ref` are answered with the current files, which is safe for compare-and-swap:
 * a read that saw newer files than its ref belongs to a batch whose commit then fails.
 */
type Answer = (status: number, payload: unknown) => void;

interface CommitInput {
  branch: { repositoryNameWithOwner: string; branchName: string };
  expectedHeadOid: string;
  fileChanges?: { additions?: { path: string; contents: string }[] };
}

/** The GraphQL body of a `createCommitOnBranch` call, or null for any other request. */
export function commitInputOf(method: string, path: string, body: unknown): CommitInput | null {
  if (method !== "POST" || path !== "/graphql") return null;
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: { input?: unknown } };
  if (typeof query !== "string" || !query.includes("createCommitOnBranch")) return null;
  return (variables?.input ?? null) as CommitInput | null;
}

/** GitHub's answer to a commit it refuses: HTTP 200, no commit, the error. */
const refusedCommit = (error: Record<string, unknown>) => ({
  data: { createCommitOnBranch: null },
  errors: [error],
});

/** GitHub's answer when the branch moved: HTTP 200 with a STALE_DATA error. */
export function staleHead(input: CommitInput): unknown {
  return refusedCommit({
    type: "STALE_DATA",
    path: ["createCommitOnBranch"],
    locations: [{ line: 2, column: 3 }],
    message: `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`,
  });
}

export class StandInGit {
  private head = "0".repeat(40);
  private sequence = 0;
  /** Commits refused because another write had moved the branch (not injected faults). */
  stale = 0;

  constructor(
    private readonly trainingRepo: string,
    /** Writes a landed commit's files, all or none: none when a path is not the stand-in's. */
    private readonly writeFiles: (files: { path: string; content: Buffer }[]) => boolean,
  ) {}

  /** Another write (the Contents API) moved the branch. */
  moved(): void {
    this.head = this.nextSha();
  }

  /** Answers a branch, repository or commit request; false for any other request. */
  handle(method: string, rawPath: string, body: unknown, answer: Answer): boolean {
    const input = commitInputOf(method, rawPath, body);
    if (input !== null) {
      this.commit(input, answer);
      return true;
    }
    const prefix = `/repos/${this.trainingRepo}`.toLowerCase();
    const path = decodeURIComponent(rawPath);
    if (!path.toLowerCase().startsWith(prefix)) return false;
    const rest = path.slice(prefix.length);
    if (method === "GET" && rest === "") {
      answer(200, { full_name: this.trainingRepo, default_branch: "main" });
      return true;
    }
    if (method === "GET" && rest === "/branches/main") {
      answer(200, { name: "main", commit: { sha: this.head } });
      return true;
    }
    return false;
  }

  private commit(input: CommitInput, answer: Answer) {
    const { repositoryNameWithOwner, branchName } = input.branch;
    if (repositoryNameWithOwner.toLowerCase() !== this.trainingRepo.toLowerCase()) {
      return answer(
        200,
        refusedCommit({ type: "NOT_FOUND", message: "Could not resolve to a Repository" }),
      );
    }
    if (branchName !== "main") {
      return answer(
        200,
        refusedCommit({
          type: "NOT_FOUND",
          message: `A ref named "refs/heads/${branchName}" does not exist`,
        }),
      );
    }
    if (input.expectedHeadOid !== this.head) {
      this.stale++;
      return answer(200, staleHead(input));
    }
    const files = (input.fileChanges?.additions ?? []).map((file) => ({
      path: file.path,
      content: Buffer.from(file.contents, "base64"),
    }));
    if (!this.writeFiles(files)) {
      return answer(
        200,
        refusedCommit({ message: "a path in the commit is not a file the stand-in keeps" }),
      );
    }
    this.head = this.nextSha();
    answer(200, { data: { createCommitOnBranch: { commit: { oid: this.head } } } });
  }

  private nextSha(): string {
    return (++this.sequence).toString(16).padStart(40, "a");
  }
}
