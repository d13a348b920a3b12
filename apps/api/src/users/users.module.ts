import { Module } from '@nestjs/common';
import { FirstAdminService } from './first-admin.service.js';

@Module({ providers: [FirstAdminService], exports: [FirstAdminService] })
export class UsersModule {}
