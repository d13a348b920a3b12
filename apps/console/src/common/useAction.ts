import { useState } from 'react';
import { useNotify, useRefresh } from 'react-admin';

/**
 * Runs one server action with the feedback every action owes the admin: a busy state while it
 * runs, a success or error notification after, and a refresh of what is on screen.
 */
export function useAction() {
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);

  async function run<T>(
    action: () => Promise<T>,
    success: string | ((result: T) => string),
    messageArgs: Record<string, unknown> = {},
  ): Promise<T | undefined> {
    setPending(true);
    try {
      const result = await action();
      notify(typeof success === 'string' ? success : success(result), { type: 'success', messageArgs });
      refresh();
      return result;
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
      return undefined;
    } finally {
      setPending(false);
    }
  }

  return { pending, run };
}
