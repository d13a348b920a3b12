import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { LOGGER } from '../logging/logger.token.js';
import { EncryptionController } from './encryption.controller.js';
import { EncryptionService } from './encryption.service.js';
import { KeyRing } from './key-ring.js';
import { KeyRotationService } from './key-rotation.service.js';
import { prepareEncryption } from './prepare-encryption.js';

@Module({
  controllers: [EncryptionController],
  providers: [
    // Installed by server.ts before the database opened; a CLI that forgot gets it here.
    {
      provide: KeyRing,
      useFactory: (config: AtrioConfig, logger: Logger) => prepareEncryption(config.dataDir, logger),
      inject: [ATRIO_CONFIG, LOGGER],
    },
    EncryptionService,
    KeyRotationService,
  ],
  exports: [EncryptionService, KeyRotationService],
})
export class EncryptionModule {}
