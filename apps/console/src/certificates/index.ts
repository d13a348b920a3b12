import { lazy } from 'react';

/** Not a react-admin resource (one certificate, no list): a custom route. */
export const CertificatesPage = lazy(() =>
  import('./CertificatesPage').then((m) => ({ default: m.CertificatesPage })),
);
