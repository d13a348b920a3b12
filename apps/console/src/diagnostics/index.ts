import { lazy } from 'react';

export const DiagnosticsPage = lazy(() =>
  import('./DiagnosticsPage').then((m) => ({ default: m.DiagnosticsPage })),
);
