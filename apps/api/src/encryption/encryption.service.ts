import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { EncryptedField, EncryptionStatus } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AppEvents } from '../common/app-events.js';
import { StartupError } from '../config/startup-error.js';
import { SettingsService } from '../settings/settings.service.js';
import { ENCRYPT_MESSAGE_BODIES } from './encryption-settings.js';
import { findKey, uninstallKeyRing } from './field-cipher.js';
import { KEY_RING_FILE, KeyRing } from './key-ring.js';
import { KeyRotationService } from './key-rotation.service.js';
import { setMessageBodySealing } from '../messages/message-body-cipher.js';
import { fieldUsage } from './sealed-field-queries.js';
import { SEALED_FIELDS } from './sealed-fields.js';

/** The state of encryption at rest, and the setting `encryption.messageBodies` kept in step. */
@Injectable()
export class EncryptionService implements OnModuleInit, OnApplicationShutdown {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ring: KeyRing,
    private readonly settings: SettingsService,
    private readonly rotation: KeyRotationService,
    private readonly events: AppEvents,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.assertKeysPresent();
    setMessageBodySealing(await this.settings.get(ENCRYPT_MESSAGE_BODIES));
    this.unsubscribe = this.events.on('settings.changed', ({ key }) => {
      if (key === ENCRYPT_MESSAGE_BODIES.key) void this.followMessageBodiesSetting();
    });
  }

  /** After every onModuleDestroy, so a pass being stopped can still read its keys. */
  onApplicationShutdown(): void {
    this.unsubscribe?.();
    uninstallKeyRing(this.ring);
  }

  async status(): Promise<EncryptionStatus> {
    const fields: EncryptedField[] = [];
    for (const field of SEALED_FIELDS) {
      fields.push({ field: field.context, ...(await fieldUsage(this.dataSource, field)) });
    }
    const valuesUnder = (id: string) => fields.reduce((sum, field) => sum + (field.byKey[id] ?? 0), 0);
    const known = new Set(this.ring.list().map((key) => key.id));
    const unknown = new Set(
      fields.flatMap((field) => Object.keys(field.byKey)).filter((id) => !known.has(id)),
    );
    return {
      messageBodies: await this.settings.get(ENCRYPT_MESSAGE_BODIES),
      keyRingFile: KEY_RING_FILE,
      keys: this.ring.list().map((key) => ({
        id: key.id,
        createdAt: key.createdAt.toISOString(),
        status: key.status,
        retiredAt: key.retiredAt?.toISOString() ?? null,
        values: valuesUnder(key.id),
      })),
      fields,
      unknownKeyValues: [...unknown].reduce((sum, id) => sum + valuesUnder(id), 0),
      pass: this.rotation.current(),
      lastPass: this.rotation.lastResult(),
    };
  }

  async startRotation(actor: Actor): Promise<EncryptionStatus> {
    this.rotation.startRotation(actor);
    return this.status();
  }

  private async followMessageBodiesSetting(): Promise<void> {
    const on = await this.settings.get(ENCRYPT_MESSAGE_BODIES);
    setMessageBodySealing(on);
    if (on) this.rotation.sealInBackground('seal', null);
  }

  /**
   * A database whose values need keys this key ring lacks (restored on a new machine without its
   * key ring, or a second instance with its own) must not start: every login with 2FA and every
   * user list would fail. Message bodies are not scanned here: the table may be large.
   */
  private async assertKeysPresent(): Promise<void> {
    const missing = new Set<string>();
    for (const field of SEALED_FIELDS.filter((f) => f.scope === 'always')) {
      for (const id of Object.keys((await fieldUsage(this.dataSource, field)).byKey)) {
        if (!findKey(id)) missing.add(id);
      }
    }
    if (missing.size === 0) return;
    throw new StartupError(
      'ATRIO_DATA_DIR',
      `the database holds values encrypted with key ${[...missing].join(', ')}, which the key ring ` +
        `${this.ring.file} does not have: put back the key ring from your key backup ` +
        '(database backups do not contain it), or copy it from the first server instance',
    );
  }
}
