export type Language = 'es' | 'en';

const messages = {
  es: {
    title: 'Atrio',
    subtitle: 'Chat institucional',
    checking: 'Comprobando el servidor…',
    online: 'Servidor en línea',
    offline: 'No se puede contactar con el servidor',
    comingSoon: 'El inicio de sesión y las salas llegan pronto.',
  },
  en: {
    title: 'Atrio',
    subtitle: 'Institutional chat',
    checking: 'Checking the server…',
    online: 'Server online',
    offline: 'Cannot reach the server',
    comingSoon: 'Sign-in and rooms are coming soon.',
  },
} satisfies Record<Language, Record<string, string>>;

export type MessageKey = keyof (typeof messages)['es'];

export function browserLanguage(): Language {
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'es';
}

export function translate(language: Language, key: MessageKey): string {
  return messages[language][key];
}
