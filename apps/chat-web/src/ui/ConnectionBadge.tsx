import { useChat } from '../store/store';
import { useT } from './useT';

/** Always visible: connected, reconnecting or offline. */
export function ConnectionBadge() {
  const t = useT();
  const connection = useChat((s) => s.connection);
  return (
    <p className={`connection connection-${connection}`} role="status" data-state={connection}>
      <span className="dot" aria-hidden="true" />
      {t(`connection.${connection}`)}
    </p>
  );
}
