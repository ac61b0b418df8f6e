// Turning bytes into text we can analyse, and saying clearly when we cannot.

export type DecodeResult =
  | { ok: true; text: string; invalidUtf8At?: number }
  | { ok: false; reason: 'binary' | 'too-large'; detail: string };

const SNIFF_BYTES = 8000;

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

export function tooLargeDetail(size: number, maxBytes: number): string {
  return `${formatSize(size)}, over the ${formatSize(maxBytes)} limit (maxFileSizeKB in .shipshape.yaml)`;
}

/** Decodes a file's bytes: binary and oversized files are refused, invalid UTF-8 is replaced and located. */
export function decodeBytes(bytes: Uint8Array, maxBytes: number): DecodeResult {
  if (bytes.length > maxBytes) return { ok: false, reason: 'too-large', detail: tooLargeDetail(bytes.length, maxBytes) };
  const sniff = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < sniff; i++) {
    if (bytes[i] === 0) return { ok: false, reason: 'binary', detail: 'it contains NUL bytes, so it is binary' };
  }
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = bytes.subarray(start);
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return { ok: true, text: new TextDecoder('utf-8').decode(body), invalidUtf8At: firstInvalidUtf8(body) + start };
  }
}

/** Byte offset of the first invalid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i];
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return bytes.length;
}

/** Lets long work give the event loop a turn every few milliseconds, and stop when cancelled. */
export class Yielder {
  private last = performance.now();

  constructor(
    private readonly budgetMs = 8,
    private readonly isCancelled: () => boolean = () => false,
  ) {}

  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < this.budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
    if (this.isCancelled()) throw new CancelledError();
  }
}

export class CancelledError extends Error {
  constructor() {
    super('analysis cancelled: a newer version of the file arrived');
  }
}

/** How much of an unreadable file is used to tell its kind. */
export const HEAD_BYTES = 64 * 1024;

export interface RawInput {
  text?: string;
  bytes?: Uint8Array;
  size?: number;
  head?: string;
}

export type PreparedInput =
  | { ok: true; text: string; invalidUtf8At?: number }
  | { ok: false; reason: string; head: string };

/**
 * Text to analyse from what the caller has (editor text, bytes from disk, or only a size), or why
 * not: too large, binary. The head of a refused file still lets it be recognised and reported.
 */
export function prepareInput(input: RawInput, maxBytes: number): PreparedInput {
  if (input.size !== undefined && input.size > maxBytes) return { ok: false, reason: `Not analysed: ${tooLargeDetail(input.size, maxBytes)}.`, head: input.head ?? '' };
  if (input.text === undefined) {
    const bytes = input.bytes ?? new Uint8Array();
    const decoded = decodeBytes(bytes, maxBytes);
    if (!decoded.ok) return { ok: false, reason: `Not analysed: ${decoded.detail}.`, head: input.head ?? Buffer.from(bytes.subarray(0, HEAD_BYTES)).toString('latin1') };
    return decoded;
  }
  const head = input.text.slice(0, HEAD_BYTES);
  if (input.text.length > maxBytes) return { ok: false, reason: `Not analysed: ${tooLargeDetail(input.text.length, maxBytes)}.`, head };
  if (input.text.slice(0, SNIFF_BYTES).includes('\u0000')) return { ok: false, reason: 'Not analysed: it contains NUL characters, so it is binary.', head };
  return { ok: true, text: input.text };
}
