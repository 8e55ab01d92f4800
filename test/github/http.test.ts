import { describe, expect, it } from "vitest";
import { fileText, httpStatus } from "../../src/github/http.js";

describe("httpStatus", () => {
  it("reads the status of a refused request, and nothing else", () => {
    expect(httpStatus(Object.assign(new Error("Not Found"), { status: 404 }))).toBe(404);
    expect(httpStatus(new Error("socket hang up"))).toBeNull();
    expect(httpStatus({ status: "404" })).toBeNull();
    expect(httpStatus(null)).toBeNull();
  });
});

describe("fileText", () => {
  it("decodes a file's base64 content", () => {
    const content = Buffer.from("trainingRepo: acme/x\n", "utf8").toString("base64");
    expect(fileText({ type: "file", encoding: "base64", content })).toBe("trainingRepo: acme/x\n");
  });

  it("is null for what is not a file", () => {
    expect(fileText([{ type: "file", content: "" }])).toBeNull();
    expect(fileText({ type: "dir" })).toBeNull();
    expect(fileText({ type: "file", encoding: "none", content: "" })).toBeNull();
    expect(fileText(null)).toBeNull();
  });
});
