import { describe, expect, it } from "vitest";
import { detect } from "../../src/core/detect.js";
import {
  entryFromToolCall,
  MAX_TRAILERS_PER_COMMIT,
  parseUsageLog,
  remainingLog,
  trailerValue,
  trailerValues,
  type UsageEntry,
} from "../../src/core/usage-trailer.js";

const AT = "2026-11-24T09:00:00.000Z";

function entry(input: unknown): UsageEntry | null {
  const result = entryFromToolCall(input, AT);
  if (!result.ok) throw new Error(result.error);
  return result.entry;
}

describe("the usage bridge's entries and trailers", () => {
  it("reads Claude Code's MCP tool calls, 1.x and 2.0 parameter names", () => {
    expect(
      entry({
        tool_name: "mcp__context7__get-library-docs",
        tool_input: { context7CompatibleLibraryID: "/vercel/next.js/v15.1.8", topic: "routing" },
      }),
    ).toEqual({
      at: AT,
      tool: "get-library-docs",
      libraryId: "/vercel/next.js",
      version: "v15.1.8",
      libraryName: null,
      topic: "routing",
    });
    expect(
      entry({
        tool_name: "mcp__context7__query-docs",
        tool_input: { libraryId: "/websockets/ws", query: "heartbeat\n  ping" },
      }),
    ).toMatchObject({ tool: "query-docs", libraryId: "/websockets/ws", topic: "heartbeat ping" });
    expect(
      entry({
        tool_name: "mcp__context7__resolve-library-id",
        tool_input: { libraryName: "react", query: "x" },
      }),
    ).toMatchObject({
      tool: "resolve-library-id",
      libraryName: "react",
      libraryId: null,
      topic: null,
    });
  });

  it("reads Cursor's tool_input given as a JSON string", () => {
    expect(
      entry({ tool_name: "query-docs", tool_input: '{"libraryId":"/zod/zod","query":"refine"}' }),
    ).toMatchObject({ tool: "query-docs", libraryId: "/zod/zod", topic: "refine" });
  });

  it("ignores other tools and says what is wrong with bad input", () => {
    expect(entryFromToolCall({ tool_name: "Bash", tool_input: {} }, AT)).toEqual({
      ok: true,
      entry: null,
      why: "Bash is not a Context7 lookup tool",
    });
    expect(entryFromToolCall([], AT)).toMatchObject({
      ok: false,
      error: expect.stringContaining("tool_name"),
    });
    expect(entryFromToolCall({ tool_input: {} }, AT)).toMatchObject({ ok: false });
    expect(entryFromToolCall({ tool_name: "query-docs", tool_input: "{oops" }, AT)).toMatchObject({
      ok: false,
      error: "tool_input of query-docs is not a JSON object",
    });
  });

  it("writes trailers that detect reads back as the same lookup", () => {
    const lookups = [
      entry({
        tool_name: "query-docs",
        tool_input: { libraryId: "/vercel/next.js@v15.1.8", query: "app router" },
      }),
      entry({ tool_name: "resolve-library-id", tool_input: { libraryName: "react router" } }),
      entry({ tool_name: "get-library-docs", tool_input: { context7CompatibleLibraryID: "/a/b" } }),
    ] as UsageEntry[];
    const values = lookups.map(trailerValue);
    expect(values).toEqual([
      "query-docs /vercel/next.js@v15.1.8 app router",
      "resolve-library-id react router",
      "get-library-docs /a/b",
    ]);
    const references = detect(values.map((value) => `Context7-Used: ${value}`).join("\n"));
    expect(
      references.map(({ kind, tool, libraryId, version, libraryName, topic }) => ({
        kind,
        tool,
        libraryId,
        version,
        libraryName,
        topic,
      })),
    ).toEqual([
      {
        kind: "trailer",
        tool: "query-docs",
        libraryId: "/vercel/next.js",
        version: "v15.1.8",
        libraryName: null,
        topic: "app router",
      },
      {
        kind: "trailer",
        tool: "resolve-library-id",
        libraryId: null,
        version: null,
        libraryName: "react router",
        topic: null,
      },
      {
        kind: "trailer",
        tool: "get-library-docs",
        libraryId: "/a/b",
        version: null,
        libraryName: null,
        topic: null,
      },
    ]);
  });

  it("gives each distinct trailer once, at most MAX_TRAILERS_PER_COMMIT", () => {
    const same = entry({
      tool_name: "query-docs",
      tool_input: { libraryId: "/a/b" },
    }) as UsageEntry;
    expect(trailerValues([same, same])).toEqual(["query-docs /a/b"]);
    const many = Array.from({ length: MAX_TRAILERS_PER_COMMIT + 5 }, (_, index) => ({
      ...same,
      libraryId: `/a/b${index}`,
    }));
    expect(trailerValues(many)).toHaveLength(MAX_TRAILERS_PER_COMMIT);
  });

  it("takes cited entries out of the log and keeps every other line as it was", () => {
    const cited = JSON.stringify(
      entry({ tool_name: "query-docs", tool_input: { libraryId: "/a/b" } }),
    );
    const waiting = JSON.stringify(
      entry({ tool_name: "query-docs", tool_input: { libraryId: "/c/d" } }),
    );
    const log = `${cited}\nnot json\n${waiting}\n${cited}\n{"at":"x"}\n`;
    expect(parseUsageLog(log)).toMatchObject({ skipped: 2 });
    expect(remainingLog(log, new Set(["query-docs /a/b"]))).toBe(
      `not json\n${waiting}\n{"at":"x"}\n`,
    );
    expect(remainingLog(cited, new Set(["query-docs /a/b"]))).toBe("");
  });
});
