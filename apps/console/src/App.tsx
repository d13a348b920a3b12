import { useEffect, useState } from 'react';
import { api } from '@atrio/web-common';
import { browserLanguage, translate, type MessageKey } from './i18n';

type ServerState = 'checking' | 'online' | 'offline';

export function App() {
  const language = browserLanguage();
  const t = (key: MessageKey) => translate(language, key);
  const [state, setState] = useState<ServerState>('checking');

  useEffect(() => {
    api('GET /api/health').then(
      (health) => setState(health.status === 'ok' ? 'online' : 'offline'),
      () => setState('offline'),
    );
  }, []);

  return (
    <main lang={language} style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '4rem auto' }}>
      <h1>{t('title')}</h1>
      <p>{t('subtitle')}</p>
      <p role="status" data-state={state}>
        {t(state)}
      </p>
      <p>{t('comingSoon')}</p>
    </main>
  );
}
