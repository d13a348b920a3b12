import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { systemText } from './system-text';

const es = translator('es');
const en = translator('en');

describe('activity lines in the reader’s language', () => {
  it('translates the room lines, keeping display names with spaces whole', () => {
    expect(systemText('Ana Ruiz created the room', es)).toBe('Ana Ruiz creó la sala');
    expect(systemText('Ana Ruiz added Luis Gómez', es)).toBe('Ana Ruiz añadió a Luis Gómez');
    expect(systemText('Luis Gómez left', es)).toBe('Luis Gómez salió de la sala');
    expect(systemText('Eva joined', es)).toBe('Eva se unió');
    expect(systemText('Ana renamed the room to “Turno joined left”', es)).toBe(
      'Ana cambió el nombre de la sala a «Turno joined left»',
    );
    expect(systemText('Ana set the topic: people who left', es)).toBe('Ana cambió el tema: people who left');
    expect(systemText('Ana archived the room', es)).toBe('Ana archivó la sala');
  });

  it('translates moderation lines with their duration and reason', () => {
    expect(systemText('Bob Gil was muted for 10 minutes by Mod Era: flooding', es)).toBe(
      'Mod Era silenció a Bob Gil durante 10 min: flooding',
    );
    expect(systemText('Bob Gil was banned for 2 days by Mod Era', es)).toBe(
      'Mod Era vetó a Bob Gil durante 2 d',
    );
    expect(systemText('Bob Gil was kicked by Mod Era: he left the room a mess', es)).toBe(
      'Mod Era expulsó a Bob Gil: he left the room a mess',
    );
    expect(systemText('Bob Gil was unmuted by Mod Era', en)).toBe('Bob Gil was unmuted by Mod Era');
  });

  it('shows a line it does not know as the server wrote it', () => {
    expect(systemText('Something new happened', es)).toBe('Something new happened');
    expect(systemText('Ana created the room', en)).toBe('Ana created the room');
  });
});
