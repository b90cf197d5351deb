import { createHash } from "node:crypto";
import type { Request, Response } from "express";
import { sendJsonText } from "./json.ts";

/** A strong validator: it changes whenever a byte of the representation changes. */
export function etagFor(body: string): string {
  return `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"`;
}

/**
 * Sends body with its ETag, or 304 without a body when the client already
 * holds this representation.
 */
export function sendWithETag(req: Request, res: Response, status: number, body: string): void {
  const etag = etagFor(body);
  res.setHeader("ETag", etag);
  // Private: responses depend on the caller's token. no-cache: clients may
  // store them but must revalidate, which the ETag makes cheap.
  res.setHeader("Cache-Control", "private, no-cache");
  if (etagListMatches(req.get("If-None-Match") ?? "", etag, false)) {
    res.status(304).end();
    return;
  }
  sendJsonText(res, status, body);
}

/**
 * Whether the request's If-Match header rules out the write, as RFC 9110
 * section 13.1.1 defines: no header never fails.
 */
export function ifMatchFails(req: Request, currentETag: string): boolean {
  const header = req.get("If-Match") ?? "";
  return header !== "" && !etagListMatches(header, currentETag, true);
}

/**
 * Compares etag with a comma-separated header value. If-Match uses strong
 * comparison (weak tags never match), If-None-Match weak.
 */
export function etagListMatches(header: string, etag: string, strong: boolean): boolean {
  if (header === "") return false;
  for (let candidate of header.split(",")) {
    candidate = candidate.trim();
    if (candidate === "*") return true;
    if (candidate.startsWith("W/")) {
      if (strong) continue;
      candidate = candidate.slice(2);
    }
    if (candidate === etag) return true;
  }
  return false;
}
