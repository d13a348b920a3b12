import { lazy } from 'react';

/** Not a react-admin resource (one key ring): a custom route. */
export const EncryptionPage = lazy(() =>
  import('./EncryptionPage').then((m) => ({ default: m.EncryptionPage })),
);
