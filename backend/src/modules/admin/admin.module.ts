import { Module } from '@nestjs/common';
import { AdminRepository } from './admin.repository.js';
import { AdminService } from './admin.service.js';
import { ApiTokensController } from './api-tokens.controller.js';
import { UsersController } from './users.controller.js';

@Module({
  controllers: [UsersController, ApiTokensController],
  providers: [AdminRepository, AdminService],
})
export class AdminModule {}
