import { Injectable, PipeTransform, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import type {} from 'multer';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { claimsOf } from '../../core/auth/auth-user.js';
import { Db } from '../../core/database/db.service.js';
import { problem } from '../../core/errors/problem.js';
import { IdempotencyService, requestHash } from '../../core/http/idempotency.service.js';
import { setResponseStatus } from '../../core/http/response-status.js';
import { StorageService, type InspectedFile, type StoredObject } from '../../core/storage/storage.service.js';
import { RECORD_ID } from './dto/common.dto.js';

/** A ticket id route parameter; anything else is a ticket that does not exist (404). */
@Injectable()
export class TicketIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !RECORD_ID.test(value) || !value.startsWith('TK-')) throw problem.notFound('Ticket not found');
    return value;
  }
}

/**
 * Multipart uploads as FilesController does them: the bytes are already on
 * local disk (multer) when this runs, so the transaction — and its pooled
 * connection — starts only now; Idempotency-Key is keyed on the file hash.
 */
@Injectable()
export class UploadRunner {
  constructor(private readonly storage: StorageService, private readonly idempotency: IdempotencyService, private readonly db: Db) {}

  async run<T>(
    file: Express.Multer.File | undefined,
    user: AuthUser,
    req: Request,
    res: Response,
    extra: Record<string, unknown>,
    fn: (inspected: InspectedFile) => Promise<T>,
  ): Promise<T> {
    if (!file) throw problem.unprocessable('A file is required', [{ field: 'file', message: 'is required' }]);
    const inspected = await this.storage.inspect(file);
    const key = this.idempotency.keyOf(req);
    const hash = requestHash({ ...extra, path: req.originalUrl.split('?')[0], sha256: inspected.sha256 });
    return this.db.transaction(claimsOf(user), async () => {
      if (key) {
        const prior = await this.idempotency.begin(key, hash);
        if (prior) {
          await this.storage.discard(file);
          setResponseStatus(res, prior.status);
          res.setHeader('Idempotent-Replayed', 'true');
          return prior.body as T;
        }
      }
      const result = await fn(inspected);
      if (key) await this.idempotency.finish(key, hash, req, 201, result);
      return result;
    });
  }
}

/** The bytes of a stored object as a download, named safely. */
export async function download(storage: StorageService, obj: StoredObject): Promise<StreamableFile> {
  const stream = await storage.open(obj);
  const name = obj.original_name ?? obj.object_id;
  return new StreamableFile(stream, {
    type: obj.content_type,
    length: Number(obj.size_bytes),
    disposition: `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}
