/**
 * What every caller of GitHub's API reads off an answer the same way: the status of a
 * refused request, and the text of a file the Contents API returned.
 */

/** The HTTP status of an Octokit error; null for anything else (a network error, a bug). */
export function httpStatus(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : null;
}

/**
 * The text of a Contents API answer for one file (its `content`, base64); null when the
 * answer is not a file (a folder listing, a symlink, a submodule).
 */
export function fileText(data: unknown): string | null {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return null;
  const file = data as { type?: unknown; content?: unknown; encoding?: unknown };
  if (file.type !== "file" || typeof file.content !== "string") return null;
  if (file.encoding !== undefined && file.encoding !== "base64") return null;
  return Buffer.from(file.content, "base64").toString("utf8");
}

/**
 * The raw media type answers with the bytes: a string, or an ArrayBuffer when the response
 * names no charset. Without it (a proxy that drops the header), the JSON shape with base64.
 */
export function decode(data: unknown): string | null {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  if (ArrayBuffer.isView(data)) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
  }
  return fileText(data);
}
