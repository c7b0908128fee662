import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type {} from 'multer';
import type { AuthUser } from '../auth/auth-user.js';
import { claimsOf } from '../auth/auth-user.js';
import { CurrentUser, NoTransaction } from '../auth/decorators.js';
import { Db } from '../database/db.service.js';
import { problem } from '../errors/problem.js';
import { IdempotencyService, requestHash } from '../http/idempotency.service.js';
import { setResponseStatus } from '../http/response-status.js';
import { StorageService, StoredObject } from './storage.service.js';

export const BUCKETS = ['ticket-attachments', 'kpi-evidence', 'prospect-evidence', 'customer-documents', 'import-files'] as const;

class UploadFileDto {
  @ApiProperty({ enum: BUCKETS }) @IsIn(BUCKETS as unknown as string[]) bucket!: string;
  @ApiPropertyOptional({ description: 'Owning record type, e.g. sales_activities' }) @IsOptional() @IsString() @Matches(/^[a-z_]{1,63}$/) owner_table?: string;
  @ApiPropertyOptional({ description: 'Owning record id' }) @IsOptional() @IsString() @MaxLength(100) owner_id?: string;
}

class FileResponseDto {
  @ApiProperty({ format: 'uuid' }) object_id!: string;
  @ApiProperty({ enum: BUCKETS }) bucket!: string;
  @ApiProperty({ example: 123456 }) size!: number;
  @ApiProperty({ example: 'image/jpeg', description: 'Judged from the content, not the name' }) content_type!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ nullable: true, type: String }) original_name!: string | null;
}

function toResponse(o: StoredObject): FileResponseDto {
  return { object_id: o.object_id, bucket: o.bucket, size: Number(o.size_bytes), content_type: o.content_type, sha256: o.sha256, original_name: o.original_name };
}

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(private readonly storage: StorageService, private readonly idempotency: IdempotencyService, private readonly db: Db) {}

  @Post()
  @NoTransaction()
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Upload a file to a bucket',
    description: 'Streams the file to storage; its type is judged by content and checked against the bucket (413 too large, 415 type not accepted). Returns an object_id to reference from a record (visit evidence, KPI evidence, customer documents). Idempotency-Key is keyed on the file bytes.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'bucket'],
      properties: {
        file: { type: 'string', format: 'binary' },
        bucket: { type: 'string', enum: [...BUCKETS] },
        owner_table: { type: 'string' },
        owner_id: { type: 'string' },
      },
    },
  })
  @ApiCreatedResponse({ type: FileResponseDto })
  async upload(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: UploadFileDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FileResponseDto> {
    if (!file) throw problem.unprocessable('A file is required', [{ field: 'file', message: 'is required' }]);
    // The bytes are on local disk now; only now take a connection, so slow
    // uploads never hold one of the pool's connections.
    const inspected = await this.storage.inspect(file);
    const key = this.idempotency.keyOf(req);
    const hash = requestHash({ bucket: body.bucket, owner_table: body.owner_table, owner_id: body.owner_id, sha256: inspected.sha256 });
    return this.db.transaction(claimsOf(user), async () => {
      if (key) {
        const prior = await this.idempotency.begin(key, hash);
        if (prior) {
          await this.storage.discard(file);
          setResponseStatus(res, prior.status);
          res.setHeader('Idempotent-Replayed', 'true');
          return prior.body as FileResponseDto;
        }
      }
      const owner = body.owner_table && body.owner_id ? { table: body.owner_table, id: body.owner_id } : undefined;
      const saved = toResponse(await this.storage.save(inspected, body.bucket, owner));
      if (key) await this.idempotency.finish(key, hash, req, 201, saved);
      return saved;
    });
  }

  @Get(':object_id')
  @ApiOperation({ summary: 'Download a file', description: 'Allowed when the owning record is visible to you; otherwise 404.' })
  @ApiOkResponse({ description: 'The bytes, with their content type' })
  @ApiNotFoundResponse()
  async download(@Param('object_id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<StreamableFile> {
    const obj = await this.storage.get(id);
    const stream = await this.storage.open(obj);
    const name = obj.original_name ?? obj.object_id;
    return new StreamableFile(stream, {
      type: obj.content_type,
      length: Number(obj.size_bytes),
      disposition: `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  }
}
