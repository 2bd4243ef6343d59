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

/**
 * Largest frame the kernel accepts on the sockets it reads (zeromq's `maxMessageSize`, checked per
 * frame before it is stored: a bigger one disconnects its sender). 32 MiB: JupyterLab's messages
 * pass jupyter_server's websocket, which refuses anything over 10 MiB (tornado's default), so a
 * pasted cell or a widget/comm message from the browser always fits, with room for clients that
 * talk zeromq directly (nbclient, jupyter_client); binary buffers are frames of their own.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/**
 * How deeply a header or parent_header may nest. The spec's headers are flat; a deeply nested one
 * could not be echoed as the parent of a reply (JSON.stringify overflows the stack), so it is dropped.
 */
export const MAX_HEADER_DEPTH = 32;

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
export type Rejection =
  "malformed" | "bad-signature" | "replayed" | "bad-json" | "too-deep" | "own-message" | "stale";

/** Checks beyond the signature; each is skipped when its field is absent. */
export interface DecodeOptions {
  /** This kernel's session id: a message carrying it is the kernel's own, reflected back. */
  ownSession?: string;
  /**
   * Signed messages whose header `date` is earlier than this (ms since the epoch) are dropped as
   * replays from before this process started (see `replayFloor` in replay.ts).
   */
  notBefore?: number;
}

/**
 * Check and parse raw frames. `seen` remembers accepted signatures so that a replayed message
 * is dropped. Parsing happens only after the signature checked out, and only of headers that
 * nest at most {@link MAX_HEADER_DEPTH} deep.
 * @example decode(key, frames, seen, { ownSession: ch.session }) // → { message } or { rejected: "bad-signature" }
 */
export function decode(
  key: Buffer,
  frames: readonly Buffer[],
  seen?: { has(sig: string): boolean; add(sig: string): void },
  options: DecodeOptions = {},
): { message: Message } | { rejected: Rejection } {
  const raw = split(frames);
  if (!raw) return { rejected: "malformed" };
  if (!verify(key, raw.signature, raw.signed)) return { rejected: "bad-signature" };
  if (key.length > 0 && seen) {
    const sig = raw.signature.toString("latin1");
    if (seen.has(sig)) return { rejected: "replayed" };
    seen.add(sig);
  }
  if (nestsDeeper(raw.signed[0], MAX_HEADER_DEPTH) || nestsDeeper(raw.signed[1], MAX_HEADER_DEPTH)) {
    return { rejected: "too-deep" };
  }
  let message: Message;
  try {
    const [header, parent, metadata, content] = raw.signed.map((f) => JSON.parse(f.toString("utf8")));
    if (!isObject(header) || typeof header.msg_type !== "string" || !isObject(content)) {
      return { rejected: "bad-json" };
    }
    message = {
      identities: raw.identities,
      header: header as Header,
      parent_header: isObject(parent) ? (parent as Header) : {},
      metadata: isObject(metadata) ? metadata : {},
      content,
      buffers: raw.buffers,
    };
  } catch {
    return { rejected: "bad-json" };
  }
  // The kernel's own output bounced back by a peer (it carries a valid signature: the kernel's).
  if (options.ownSession !== undefined && message.header.session === options.ownSession) {
    return { rejected: "own-message" };
  }
  // Only signed messages: without a key anyone can write any date, so the check would guard nothing.
  if (key.length > 0 && options.notBefore !== undefined && datedBefore(message.header, options.notBefore)) {
    return { rejected: "stale" };
  }
  return { message };
}

/** Whether the header's date parses and is earlier than `floor`; a missing or odd date passes. */
function datedBefore(header: Header, floor: number): boolean {
  const t = typeof header.date === "string" ? Date.parse(header.date) : NaN;
  return Number.isFinite(t) && t < floor;
}

/**
 * Whether JSON text nests objects/arrays more than `limit` deep, found by scanning the bytes
 * (brackets inside strings do not count), so nothing deep is ever parsed.
 * @example nestsDeeper(Buffer.from('{"a":[[1]]}'), 2) // → true
 */
export function nestsDeeper(json: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const b = json[i];
    if (inString) {
      if (b === 0x5c)
        i++; // a backslash escapes the next byte (\" or \\)
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > limit) return true;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return false;
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
