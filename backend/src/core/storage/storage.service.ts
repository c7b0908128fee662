import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Db } from '../database/db.service.js';
import { problem } from '../errors/problem.js';
import { OBJECT_STORE, type ObjectStore } from './object-store.js';
import { sha256File, sniffContentType } from './sniff.js';

export interface StoredObject {
  object_id: string;
  bucket: string;
  object_key: string;
  size_bytes: string;
  content_type: string;
  sha256: string;
  original_name: string | null;
  uploaded_by: string;
  owner_table: string | null;
  owner_id: string | null;
  created_at: string;
}

export interface UploadedTempFile {
  path: string;
  originalname: string;
  size: number;
}

export interface InspectedFile extends UploadedTempFile {
  sha256: string;
  contentType: string;
}

/**
 * Files: bytes in the object store, metadata in app.storage_objects under
 * RLS. Limits per bucket live in app.storage_buckets and are enforced by
 * app.register_storage_object(); the type is judged by content.
 */
@Injectable()
export class StorageService {
  private readonly logger = new Logger('Storage');

  constructor(private readonly db: Db, @Inject(OBJECT_STORE) private readonly store: ObjectStore) {}

  async inspect(file: UploadedTempFile): Promise<InspectedFile> {
    return { ...file, sha256: await sha256File(file.path), contentType: await sniffContentType(file.path, file.originalname) };
  }

  /** Registers and stores an inspected upload inside the current transaction; the temp file is always removed. */
  async save(file: InspectedFile, bucket: string, owner?: { table: string; id: string }): Promise<StoredObject> {
    try {
      const objectId = randomUUID();
      const now = new Date();
      const key = `${bucket}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${objectId}`;
      const row = await this.db.one<StoredObject>(
        'SELECT * FROM app.register_storage_object($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [objectId, bucket, key, file.size, file.contentType, file.sha256, file.originalname, owner?.table ?? null, owner?.id ?? null],
      );
      await this.store.put(key, file.path, file.contentType, file.size);
      return row!;
    } finally {
      await rm(file.path, { force: true }).catch(() => undefined);
    }
  }

  async discard(file: UploadedTempFile | undefined): Promise<void> {
    if (file) await rm(file.path, { force: true }).catch(() => undefined);
  }

  /** Metadata of an object the caller may see (RLS); 404 otherwise. */
  async get(objectId: string): Promise<StoredObject> {
    const row = await this.db.one<StoredObject>('SELECT * FROM app.storage_objects WHERE object_id = $1', [objectId]);
    if (!row) throw problem.notFound('File not found');
    return row;
  }

  async open(obj: StoredObject): Promise<Readable> {
    try {
      return await this.store.open(obj.object_key);
    } catch (err) {
      this.logger.error(`object ${obj.object_id} missing in store: ${(err as Error).message}`);
      throw problem.notFound('File content not found');
    }
  }
}
