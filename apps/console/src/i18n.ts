export type Language = 'es' | 'en';

const messages = {
  es: {
    title: 'Atrio — Consola',
    subtitle: 'Consola de operaciones',
    checking: 'Comprobando el servidor…',
    online: 'Servidor en línea',
    offline: 'No se puede contactar con el servidor',
    comingSoon: 'Cuentas, salas, registros, copias y certificados llegan pronto.',
  },
  en: {
    title: 'Atrio — Console',
    subtitle: 'Operations console',
    checking: 'Checking the server…',
    online: 'Server online',
    offline: 'Cannot reach the server',
    comingSoon: 'Accounts, rooms, logs, backups and certificates are coming soon.',
  },
} satisfies Record<Language, Record<string, string>>;

export type MessageKey = keyof (typeof messages)['es'];

export function browserLanguage(): Language {
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'es';
}

export function translate(language: Language, key: MessageKey): string {
  return messages[language][key];
}
