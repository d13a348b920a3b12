import { useEffect, useState } from 'react';
import type { CommandInfo } from '@atrio/protocol';
import { api } from '../api';

let cached: Promise<CommandInfo[]> | null = null;

/** The commands this person may run, fetched once per page. */
export function useCommands(): CommandInfo[] {
  const [commands, setCommands] = useState<CommandInfo[]>([]);
  useEffect(() => {
    cached ??= api.commands().catch(() => {
      cached = null;
      return [];
    });
    let live = true;
    void cached.then((list) => live && setCommands(list));
    return () => {
      live = false;
    };
  }, []);
  return commands;
}

export function forgetCommands(): void {
  cached = null;
}
