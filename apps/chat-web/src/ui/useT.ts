import { useMemo } from 'react';
import { translator, type Translate } from '../i18n';
import { useChat } from '../store/store';

export function useT(): Translate {
  const language = useChat((s) => s.language);
  return useMemo(() => translator(language), [language]);
}
