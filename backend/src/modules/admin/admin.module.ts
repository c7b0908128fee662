import { Module } from '@nestjs/common';
import { AdminRepository } from './admin.repository.js';
import { AdminService } from './admin.service.js';
import { ApiTokensController } from './api-tokens.controller.js';
import { ReferenceModule } from './reference.module.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [ReferenceModule],
  controllers: [UsersController, ApiTokensController],
  providers: [AdminRepository, AdminService],
})
export class AdminModule {}
