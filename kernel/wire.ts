/**
 * The Jupyter wire format: framing and HMAC signing of messages (messaging protocol 5.3).
 *
 * A message on a ROUTER socket is `[identities…, "<IDS|MSG>", signature, header, parent_header,
 * metadata, content, buffers…]`. The signature is HMAC-SHA256 over the four JSON frames, as
 * raw bytes. It is checked here before any frame is parsed, in constant time.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** The frame that separates routing identities from the signed message. */
export const DELIM = Buffer.from("<IDS|MSG>");

/** The protocol version this kernel speaks. */
export const PROTOCOL_VERSION = "5.3";

/** A message header (messaging spec). */
export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [extra: string]: unknown;
}

/** A decoded message. `parent_header` is `{}` when there is no parent. */
export interface Message {
  identities: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Record<string, any>;
  buffers: Buffer[];
}

/**
 * HMAC-SHA256 of the frames in hex; "" when the key is empty (signing off, as the spec says).
 * @example sign(Buffer.from("k"), [Buffer.from("{}")]) // → 64 hex digits
 */
export function sign(key: Buffer, frames: readonly Buffer[]): string {
  if (key.length === 0) return "";
  const mac = createHmac("sha256", key);
  for (const f of frames) mac.update(f);
  return mac.digest("hex");
}

/**
 * Whether `signature` is the HMAC of the frames, compared in constant time.
 * With an empty key every signature is accepted (authentication is off).
 * @example verify(key, Buffer.from(sign(key, parts)), parts) // → true
 */
export function verify(key: Buffer, signature: Buffer, frames: readonly Buffer[]): boolean {
  if (key.length === 0) return true;
  const expected = Buffer.from(sign(key, frames), "latin1");
  // Lengths are public (always 64 hex digits); only equal-length buffers can be compared.
  if (signature.length !== expected.length) return false;
  return timingSafeEqual(signature, expected);
}

/** The parts of a raw message, before anything is parsed. */
export interface RawMessage {
  identities: Buffer[];
  signature: Buffer;
  /** header, parent_header, metadata, content: the signed frames. */
  signed: Buffer[];
  buffers: Buffer[];
}

/**
 * Split raw frames at the delimiter; null when the message is malformed.
 * @example split([Buffer.from("id"), DELIM, sig, h, p, m, c])?.identities // → [<id>]
 */
export function split(frames: readonly Buffer[]): RawMessage | null {
  const at = frames.findIndex((f) => f.equals(DELIM));
  if (at < 0 || frames.length < at + 6) return null;
  return {
    identities: frames.slice(0, at),
    signature: frames[at + 1],
    signed: frames.slice(at + 2, at + 6),
    buffers: frames.slice(at + 6),
  };
}

/** Why a message was dropped; deliberately never contains any part of the message. */
export type Rejection = "malformed" | "bad-signature" | "replayed" | "bad-json";

/**
 * Check and parse raw frames. `seen` remembers accepted signatures so that a replayed message
 * is dropped. Parsing happens only after the signature checked out.
 * @example decode(key, frames, seen) // → { message } or { rejected: "bad-signature" }
 */
export function decode(
  key: Buffer,
  frames: readonly Buffer[],
  seen?: { has(sig: string): boolean; add(sig: string): void },
): { message: Message } | { rejected: Rejection } {
  const raw = split(frames);
  if (!raw) return { rejected: "malformed" };
  if (!verify(key, raw.signature, raw.signed)) return { rejected: "bad-signature" };
  if (key.length > 0 && seen) {
    const sig = raw.signature.toString("latin1");
    if (seen.has(sig)) return { rejected: "replayed" };
    seen.add(sig);
  }
  try {
    const [header, parent, metadata, content] = raw.signed.map((f) => JSON.parse(f.toString("utf8")));
    if (!isObject(header) || typeof header.msg_type !== "string" || !isObject(content)) {
      return { rejected: "bad-json" };
    }
    return {
      message: {
        identities: raw.identities,
        header: header as Header,
        parent_header: isObject(parent) ? (parent as Header) : {},
        metadata: isObject(metadata) ? metadata : {},
        content,
        buffers: raw.buffers,
      },
    };
  } catch {
    return { rejected: "bad-json" };
  }
}

function isObject(x: unknown): x is Record<string, any> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * Serialize and sign a message into frames ready for a zeromq socket.
 * @example encode(key, msg) // → [...identities, DELIM, signature, header, parent, metadata, content]
 */
export function encode(key: Buffer, msg: Omit<Message, "buffers"> & { buffers?: Buffer[] }): Buffer[] {
  const signed = [msg.header, msg.parent_header, msg.metadata, msg.content].map((o) =>
    Buffer.from(JSON.stringify(o), "utf8"),
  );
  return [
    ...msg.identities,
    DELIM,
    Buffer.from(sign(key, signed), "latin1"),
    ...signed,
    ...(msg.buffers ?? []),
  ];
}

/**
 * A fresh header for a message this kernel sends.
 * @example newHeader("status", "kernel-session-id").msg_type // → "status"
 */
export function newHeader(msgType: string, session: string): Header {
  return {
    msg_id: randomUUID(),
    session,
    username: "dlab",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}
