import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { browserLanguage } from './i18n';
import { boot, setLanguage } from './store/session';
import './styles.css';

setLanguage(browserLanguage(), false);
void boot();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
