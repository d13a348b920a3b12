import { Module } from '@nestjs/common';
import { ConnectionGuardService } from './connection-guard.service.js';

/** The HTTPS port's own protection: connection caps and the first-request deadline. */
@Module({ providers: [ConnectionGuardService], exports: [ConnectionGuardService] })
export class NetworkModule {}
