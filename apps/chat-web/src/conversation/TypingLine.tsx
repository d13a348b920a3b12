import { useEffect, useState } from 'react';
import { useChat } from '../store/store';
import { useT } from '../ui/useT';

export function TypingLine({ roomId }: { roomId: number }) {
  const t = useT();
  const typing = useChat((s) => s.typing[roomId]);
  const myId = useChat((s) => s.me?.id);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const names = Object.entries(typing ?? {})
    .filter(([userId, entry]) => Number(userId) !== myId && entry.until > now)
    .map(([, entry]) => entry.username);
  const text =
    names.length === 0
      ? ''
      : names.length === 1
        ? t('typing.one', { a: names[0]! })
        : names.length === 2
          ? t('typing.two', { a: names[0]!, b: names[1]! })
          : t('typing.many');
  return (
    <p className="typing-line muted small" aria-live="polite">
      {text}
    </p>
  );
}
