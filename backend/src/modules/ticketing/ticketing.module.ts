import { Module } from '@nestjs/common';
import { OpsRfqsController } from './ops-rfqs.controller.js';
import { TicketsController } from './tickets.controller.js';
import { TicketingRepository } from './ticketing.repository.js';
import { TicketingService } from './ticketing.service.js';
import { UploadRunner } from './upload.js';

/**
 * Ticketing: the four ticket types, their lifecycle, messages, attachments,
 * SLA (business hours) and the masked RFQ queue of operations. Rules live in
 * database/migrations/02xx_ticketing_*.sql.
 */
@Module({
  controllers: [TicketsController, OpsRfqsController],
  providers: [TicketingRepository, TicketingService, UploadRunner],
})
export class TicketingModule {}
