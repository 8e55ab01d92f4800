import { describe, expect, it } from "vitest";
import { detect, hasReference, type Reference } from "../../src/core/detect.js";

const summary = (text: string) =>
  detect(text).map(({ kind, tool, libraryId, version, libraryName, topic }) => ({
    kind,
    ...(tool === null ? {} : { tool }),
    ...(libraryId === null ? {} : { libraryId }),
    ...(version === null ? {} : { version }),
    ...(libraryName === null ? {} : { libraryName }),
    ...(topic === null ? {} : { topic }),
  }));

describe("detect", () => {
  it("reads the plan's exercise steps as two tool calls with their arguments", () => {
    const text =
      '1. resolve-library-id: "hathora"\n2. get-library-docs: "/hathora/server-sdk", topic: "lobby-advanced"';
    expect(detect(text)).toEqual<Reference[]>([
      {
        kind: "tool",
        tool: "resolve-library-id",
        libraryId: null,
        version: null,
        libraryName: "hathora",
        topic: null,
        index: 3,
        text: 'resolve-library-id: "hathora"',
      },
      {
        kind: "tool",
        tool: "get-library-docs",
        libraryId: "/hathora/server-sdk",
        version: null,
        libraryName: null,
        topic: "lobby-advanced",
        index: 36,
        text: 'get-library-docs: "/hathora/server-sdk", topic: "lobby-advanced"',
      },
    ]);
  });

  it("reads a query-docs call written as code, across lines", () => {
    const text = 'query-docs({\n  libraryId: "/vercel/next.js",\n  query: "app router caching"\n})';
    expect(summary(text)).toEqual([
      {
        kind: "tool",
        tool: "query-docs",
        libraryId: "/vercel/next.js",
        topic: "app router caching",
      },
    ]);
  });

  it("splits versioned library IDs in both forms", () => {
    expect(summary('query-docs "/vercel/next.js/v15.1.8"')).toEqual([
      { kind: "tool", tool: "query-docs", libraryId: "/vercel/next.js", version: "v15.1.8" },
    ]);
    expect(summary("get-library-docs /vercel/next.js@v15.1.8")).toEqual([
      { kind: "tool", tool: "get-library-docs", libraryId: "/vercel/next.js", version: "v15.1.8" },
    ]);
  });

  it("recognises client-prefixed tool names, with the prefix in the match", () => {
    const [reference] = detect("Called mcp__context7__query-docs for the router docs.");
    expect(reference).toMatchObject({
      kind: "tool",
      tool: "query-docs",
      index: 7,
      text: "mcp__context7__query-docs",
    });
    expect(summary("context7:resolve-library-id and get_library_docs")).toEqual([
      { kind: "tool", tool: "resolve-library-id" },
      { kind: "tool", tool: "get-library-docs" },
    ]);
  });

  it("reads context7.com URLs with and without scheme, llms.txt, the API and ?topic=", () => {
    expect(summary("https://context7.com/vercel/next.js")).toEqual([
      { kind: "url", libraryId: "/vercel/next.js" },
    ]);
    expect(summary("see context7.com/vercel/next.js/v15.1.8.")).toEqual([
      { kind: "url", libraryId: "/vercel/next.js", version: "v15.1.8" },
    ]);
    expect(
      summary("https://www.context7.com/websockets/ws/llms.txt?topic=production%20patterns"),
    ).toEqual([{ kind: "url", libraryId: "/websockets/ws", topic: "production patterns" }]);
    expect(summary("https://context7.com/api/v1/vercel/next.js?topic=routing&tokens=5000")).toEqual(
      [{ kind: "url", libraryId: "/vercel/next.js", topic: "routing" }],
    );
    expect(summary("[docs](https://context7.com/facebook/react)")).toEqual([
      { kind: "url", libraryId: "/facebook/react" },
    ]);
    expect(summary('"url": "https://mcp.context7.com/mcp"')).toEqual([{ kind: "url" }]);
  });

  it("counts a parameter only with a library ID as its value", () => {
    expect(summary('context7CompatibleLibraryID: "/mongodb/docs"')).toEqual([
      { kind: "parameter", libraryId: "/mongodb/docs" },
    ]);
    expect(summary('{"libraryId": "/vercel/next.js@v14.3.0"}')).toEqual([
      { kind: "parameter", libraryId: "/vercel/next.js", version: "v14.3.0" },
    ]);
    expect(summary("the libraryId field is optional")).toEqual([]);
  });

  it("recognises the prompt phrase and the ctx7 CLI", () => {
    expect(summary("Write the handler. Use context7.")).toEqual([{ kind: "phrase" }]);
    expect(summary('`ctx7 docs /vercel/next.js "app router"`')).toEqual([
      { kind: "cli", libraryId: "/vercel/next.js", topic: "app router" },
    ]);
    expect(summary("ctx7 library react hooks")).toEqual([
      { kind: "cli", libraryName: "react", topic: "hooks" },
    ]);
  });

  it("counts a library ID written next to a cue, including the word Context7", () => {
    expect(summary("Context7: /facebook/react (hooks section)")).toEqual([
      { kind: "library-id", libraryId: "/facebook/react" },
    ]);
    expect(summary("use context7 with /vercel/next.js/v15.1.8")).toEqual([
      { kind: "phrase" },
      { kind: "library-id", libraryId: "/vercel/next.js", version: "v15.1.8" },
    ]);
    expect(summary("/tanstack/query looks right, checked via use context7")).toEqual([
      { kind: "library-id", libraryId: "/tanstack/query" },
      { kind: "phrase" },
    ]);
  });

  it("does not count plain paths, context7.json, other domains or the homepage", () => {
    for (const text of [
      "Moved the page to /src/app",
      "GET /api/v1/users returns 500",
      "Added context7.json to the repo",
      "https://example.com/vercel/next.js",
      "notcontext7.com/vercel/next.js",
      "https://context7.com.evil.io/vercel/next.js",
      "See https://context7.com for details",
      "resolve-library-ids and query-docsify are other words",
      "my-query-docs helper",
      "",
    ]) {
      expect(detect(text), text).toEqual([]);
      expect(hasReference(text)).toBe(false);
    }
  });

  it("does not report a library ID twice when a tool already claimed it", () => {
    const references = detect('Context7 query-docs "/vercel/next.js" topic: "caching"');
    expect(references.map((reference) => reference.kind)).toEqual(["tool"]);
  });

  it("does not take a path far from any cue", () => {
    const text = `use context7\n${"filler text ".repeat(30)}\nthen /src/app`;
    expect(summary(text)).toEqual([{ kind: "phrase" }]);
  });
});

describe("detect: Context7-Used trailers", () => {
  it("reads a docs trailer as one trailer reference with its library, version and topic", () => {
    const message =
      "Fix the cache key\n\nContext7-Used: query-docs /vercel/next.js@v15.1.8 app router caching\n";
    expect(summary(message)).toEqual([
      {
        kind: "trailer",
        tool: "query-docs",
        libraryId: "/vercel/next.js",
        version: "v15.1.8",
        topic: "app router caching",
      },
    ]);
  });

  it("reads a resolution trailer's name, prefixed tool names, and one reference per line", () => {
    const message = [
      "Subject",
      "",
      "Context7-Used: resolve-library-id react router",
      "Context7-Used: mcp__context7__get-library-docs /hathora/server-sdk",
      "Context7-Used: ctx7",
    ].join("\n");
    expect(summary(message)).toEqual([
      { kind: "trailer", tool: "resolve-library-id", libraryName: "react router" },
      { kind: "trailer", tool: "get-library-docs", libraryId: "/hathora/server-sdk" },
      { kind: "trailer" },
    ]);
  });

  it("counts a trailer only at the start of a line and only with a word after the colon", () => {
    expect(detect("Context7-Used:\n")).toEqual([]);
    expect(detect("Context7-Used:   \nnext line")).toEqual([]);
    expect(detect("see the X-Context7-Used: header")).toEqual([]);
    // Mid-line, the tool name is still a reference of its own.
    expect(summary("text Context7-Used: query-docs /a/b")).toEqual([
      { kind: "tool", tool: "query-docs", libraryId: "/a/b" },
    ]);
    expect(hasReference("context7-used: resolve-library-id zod")).toBe(true);
  });
});
