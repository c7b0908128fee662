import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An upload on local disk with the SHA-256 of its bytes, computed while it streamed in. */
export interface HashedUpload extends Express.Multer.File {
  sha256: string;
}

/**
 * Multer storage that writes the upload to the temp directory and hashes it
 * in the same pass (no second read of a 100 MB file): the hash recognises the
 * same file uploaded again. Multer's limits (file size) still apply.
 */
export class HashingDiskStorage implements StorageEngine {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  _handleFile(_req: Request, file: Express.Multer.File, cb: (error?: unknown, info?: Partial<HashedUpload>) => void): void {
    const filename = randomUUID();
    const path = join(this.dir, filename);
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    pipeline(file.stream, tap, createWriteStream(path, { flags: 'wx', mode: 0o600 }))
      .then(() => cb(null, { destination: this.dir, filename, path, size, sha256: hash.digest('hex') }))
      .catch((err: unknown) => {
        void rm(path, { force: true }).finally(() => cb(err));
      });
  }

  _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void): void {
    rm(file.path, { force: true }).then(
      () => cb(null),
      (err: Error) => cb(err),
    );
  }
}
