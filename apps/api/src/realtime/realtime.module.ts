import { Module } from '@nestjs/common';
import { AuthCoreModule } from '../auth/auth-core.module.js';
import { RealtimeGateway } from './realtime.gateway.js';

@Module({ imports: [AuthCoreModule], providers: [RealtimeGateway] })
export class RealtimeModule {}
