import { Module } from '@nestjs/common';
import { DsoController } from './dso.controller.js';
import { DsoRepository } from './dso.repository.js';
import { DsoService } from './dso.service.js';
import { InvoicesController } from './invoices.controller.js';
import { PaymentsController } from './payments.controller.js';

/** Accounts receivable: invoices, payments, outstanding, aging, rolling and countback DSO, collection tickets. */
@Module({
  controllers: [InvoicesController, PaymentsController, DsoController],
  providers: [DsoRepository, DsoService],
  exports: [DsoService],
})
export class DsoModule {}
