import { useEffect, useState } from 'react';
import { api } from '../dataProvider';

const REFRESH_MS = 30_000;

/** A console API path fetched now and every 30 s while the screen is open. */
export function useEvery<T>(path: string, enabled: boolean): { data: T | null; error: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    const load = () =>
      api<T>(path).then(
        (value) => alive && (setData(value), setError(null)),
        (e: Error) => alive && setError(e.message),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [path, enabled]);
  return { data, error };
}
