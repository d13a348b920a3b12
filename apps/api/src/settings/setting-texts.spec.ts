import { describe, expect, it } from 'vitest';
import { settingsEn } from '../../../console/src/i18n/settings-en.js';
import { settingsEs } from '../../../console/src/i18n/settings-es.js';
// Every feature module registers its settings when loaded: load them all, as the server does.
import '../app.module.js';
import { allSettings } from './setting-definition.js';
import { settingFields } from './setting-fields.js';

const lookup = (tree: unknown, dotted: string): unknown =>
  dotted
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree);

/**
 * The console shows each setting's description and field names in Spanish and English by the
 * server's keys; a setting added on the server without its texts fails here, not on screen.
 */
describe('setting texts in the console', () => {
  const settings = allSettings();

  it.each([
    ['en', settingsEn],
    ['es', settingsEs],
  ])('has a description of every setting and a label for each of its fields in %s', (_language, texts) => {
    expect(settings.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const setting of settings) {
      if (typeof lookup(texts.about, setting.key) !== 'string') missing.push(`about.${setting.key}`);
      for (const field of settingFields(setting.schema) ?? []) {
        if (field.name && typeof lookup(texts.field, field.name) !== 'string')
          missing.push(`field.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
