import type { SessionUser } from '@atrio/protocol';
import { api, whenSessionLost } from '../api';
import { setLanguage as keepLanguage } from '@atrio/web-common';
import { browserLanguage, chosenLanguage, type Language } from '../i18n';
import { closeSocket } from '../socket';
import { sessionLost, startChat, stopChat } from './live';
import { outbox } from './outbox-instance';
import { prefs } from './prefs';
import { store } from './store';

/** `persist`: the person chose it; it is kept in this browser and in their settings. */
export function setLanguage(language: Language, persist = true): void {
  store.set({ language });
  document.documentElement.lang = language;
  if (!persist) return;
  keepLanguage(language);
  if (store.get().me) saveLanguage(language);
}

function saveLanguage(language: Language): void {
  void api.updateMe({ language }).then(
    (me) => store.set({ me }),
    () => undefined,
  );
}

/**
 * The server cannot tell a chosen Spanish from its default one, so: a choice made in this browser
 * wins (and is saved), then English saved in the settings, then the browser's language.
 */
function languageFor(user: SessionUser): Language {
  const chosen = chosenLanguage();
  if (chosen) {
    if (chosen !== user.settings.language) saveLanguage(chosen);
    return chosen;
  }
  return user.settings.language === 'en' ? 'en' : browserLanguage();
}

/** Decides the first screen: the cookie may still hold a live session. */
export async function boot(): Promise<void> {
  whenSessionLost(() => sessionLost());
  try {
    await enter(await api.me());
  } catch {
    // No live session (or no server): the sign-in form explains what happens when they try.
    store.set({ screen: { name: 'signin' } });
  }
}

/** Throws the ApiError for the sign-in form to explain. */
export async function signIn(username: string, password: string, totp?: string): Promise<void> {
  const { user } = await api.login({ username, password, ...(totp ? { totp } : {}) });
  await enter(user);
}

async function enter(user: SessionUser): Promise<void> {
  store.set({ me: user });
  setLanguage(languageFor(user), false);
  if (user.mustChangePassword) store.set({ screen: { name: 'changePassword' } });
  else if (user.mustEnrollTwoFactor) store.set({ screen: { name: 'enrolTwoFactor' } });
  else {
    store.set({ screen: { name: 'chat' } });
    await startChat(user);
  }
}

/** After the forced password change or 2FA enrolment: the session is no longer restricted. */
export async function restrictionLifted(): Promise<void> {
  await enter(await api.me());
}

export async function changePassword(current: string, next: string): Promise<void> {
  await api.changePassword(current, next);
}

export async function logout(everywhere = false): Promise<void> {
  const me = store.get().me;
  try {
    await (everywhere ? api.logoutAll() : api.logout());
  } catch {
    // Signing out must work even when the server cannot be reached; the cookie expires anyway.
  }
  closeSocket();
  stopChat();
  if (me) {
    prefs.forget(me.id);
    await outbox.clear();
  }
  store.set({ screen: { name: 'signin', reason: 'loggedOut' }, me: null });
}
