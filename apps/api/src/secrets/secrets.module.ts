import { Global, Module } from '@nestjs/common';
import { ServerSecretsService } from './server-secrets.service.js';

@Global()
@Module({ providers: [ServerSecretsService], exports: [ServerSecretsService] })
export class SecretsModule {}
