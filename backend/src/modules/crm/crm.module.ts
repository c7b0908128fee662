import { Module } from '@nestjs/common';
import { ActivitiesController } from './activities.controller.js';
import { ActivitiesService } from './activities.service.js';
import { CrmRepository } from './crm.repository.js';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';
import { CrmLookupController, LeadsController } from './leads.controller.js';
import { LeadsService } from './leads.service.js';
import { MarketingController } from './marketing.controller.js';
import { MarketingService } from './marketing.service.js';
import { ProspectsController } from './prospects.controller.js';
import { ProspectsService } from './prospects.service.js';

/** CRM: leads (bundle, handover, export), customers (360), prospects (pipeline), activities, marketing. */
@Module({
  controllers: [LeadsController, CrmLookupController, CustomersController, ProspectsController, ActivitiesController, MarketingController],
  providers: [CrmRepository, LeadsService, CustomersService, ProspectsService, ActivitiesService, MarketingService],
})
export class CrmModule {}
