import { Module } from '@nestjs/common';
import { ReferenceController } from './reference.controller.js';
import { ReferenceRepository } from './reference.repository.js';
import { ReferenceService } from './reference.service.js';

/** /api/reference/*: departments, holidays, SLA policies, stale thresholds (read: everyone; write: super_admin). */
@Module({
  controllers: [ReferenceController],
  providers: [ReferenceRepository, ReferenceService],
})
export class ReferenceModule {}
