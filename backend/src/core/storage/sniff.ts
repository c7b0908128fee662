import { fileTypeFromFile } from 'file-type';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** True when the first 64 KiB are valid UTF-8 without NUL bytes (CSV, plain text). */
async function looksLikeText(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (head.includes(0)) return false;
    // Trim a possibly cut multi-byte character at the end before decoding strictly.
    let end = head.length;
    while (end > 0 && end > head.length - 4 && (head[end - 1] & 0xc0) === 0x80) end--;
    if (end > 0 && head[end - 1] >= 0xc0) end--;
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  } finally {
    await fh.close();
  }
}

/**
 * The content type of a file judged by its bytes, never by what the client
 * claimed: magic numbers via file-type; text files by being UTF-8 text (CSV
 * when the name says .csv). Unknown binary → application/octet-stream.
 */
export async function sniffContentType(path: string, originalName: string): Promise<string> {
  const ft = await fileTypeFromFile(path);
  if (ft) return ft.mime;
  if (await looksLikeText(path)) return /\.csv$/i.test(originalName) ? 'text/csv' : 'text/plain';
  return 'application/octet-stream';
}
