import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { DashboardRepository } from './dashboard.repository.js';

/** Role command-center homes (GET /api/dashboard/summary), built in SQL (migrations 0500–0501). */
@Module({ controllers: [DashboardController], providers: [DashboardRepository] })
export class DashboardModule {}
