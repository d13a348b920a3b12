import type { Language, Translate } from '../i18n';

const locales: Record<Language, string> = { es: 'es-ES', en: 'en-GB' };

export function timeOf(iso: string, language: Language): string {
  return new Date(iso).toLocaleTimeString(locales[language], { hour: '2-digit', minute: '2-digit' });
}

export function fullDateOf(iso: string, language: Language): string {
  return new Date(iso).toLocaleString(locales[language], { dateStyle: 'full', timeStyle: 'short' });
}

export function dayLabel(iso: string, language: Language, t: Translate, now = new Date()): string {
  const day = new Date(iso);
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const diff = Math.round((startOf(now) - startOf(day)) / 86_400_000);
  if (diff === 0) return t('time.today');
  if (diff === 1) return t('time.yesterday');
  return day.toLocaleDateString(locales[language], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

export function sameDay(a: string, b: string): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}
