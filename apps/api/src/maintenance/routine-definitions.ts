import type { RoutineDefinition, RoutineItemDefinition, RoutineKind } from '@atrio/protocol';

type Item = RoutineItemDefinition;

/**
 * The routines of the manual's §8 as data. Each step of the manual is a check the server runs
 * by itself or a manual item an administrator ticks with a comment; `manualSection` says where
 * the step comes from. Log cleanup and the certificate check (weekly in the manual) also run
 * daily: cleaning daily keeps the size cap true, and a 7-day certificate warning must not wait
 * up to a week.
 */
const ITEMS = {
  serverStatus: {
    id: 'server.status',
    type: 'check',
    manualSection: '8.1',
    title: { en: 'Server status', es: 'Verificar estado del servidor' },
    description: {
      en: 'The server is up and the database answers; uptime and version.',
      es: 'El servidor está activo y la base de datos responde; tiempo en marcha y versión.',
    },
  },
  logErrors: {
    id: 'logs.errors',
    type: 'check',
    manualSection: '8.1',
    title: { en: 'Error logs', es: 'Revisar logs de errores' },
    description: {
      en: 'Errors and fatal entries written to the logs since the previous run of this routine.',
      es: 'Errores y fallos graves escritos en los logs desde la ejecución anterior de esta rutina.',
    },
  },
  backup: {
    id: 'backup.last',
    type: 'check',
    manualSection: '8.1',
    title: { en: 'Backups succeeded', es: 'Confirmar backups exitosos' },
    description: {
      en: 'The newest backup is recent enough for the backup schedule and passes verification (checksum, integrity, trial restore).',
      es: 'El backup más reciente es tan nuevo como exige la programación y supera la verificación (checksum, integridad, restauración de prueba).',
    },
  },
  resources: {
    id: 'resources.headroom',
    type: 'check',
    manualSection: '8.1',
    title: { en: 'System resources', es: 'Monitorear recursos del sistema' },
    description: {
      en: 'CPU load, free memory and free disk in the data folder against the maintenance.thresholds setting.',
      es: 'Carga de CPU, memoria libre y disco libre en la carpeta de datos frente al ajuste maintenance.thresholds.',
    },
  },
  logCleanup: {
    id: 'logs.cleanup',
    type: 'check',
    manualSection: '8.2',
    title: { en: 'Old log cleanup', es: 'Limpieza de logs antiguos' },
    description: {
      en: 'Deletes rotated log files older than the maintenance.logs age and trims the folder to its size cap; the active file is never touched.',
      es: 'Borra los logs rotados más antiguos que la edad de maintenance.logs y recorta la carpeta a su tamaño máximo; nunca el archivo activo.',
    },
  },
  certificate: {
    id: 'certificate.validity',
    type: 'check',
    manualSection: '8.2',
    title: { en: 'Certificate check', es: 'Verificación de certificados' },
    description: {
      en: 'Days left, key match and chain validity of the certificate the HTTPS port serves.',
      es: 'Días restantes, correspondencia de la clave y validez de la cadena del certificado que sirve el puerto HTTPS.',
    },
  },
  ai: {
    id: 'ai.status',
    type: 'check',
    manualSection: '9.1',
    title: { en: 'AI answering', es: 'La IA responde' },
    description: {
      en: 'Ollama answers at OLLAMA_HOST, the model is pulled, and no summary failed in the last 24 h for lack of memory, timeouts or unusable answers.',
      es: 'Ollama responde en OLLAMA_HOST, el modelo está descargado y ningún resumen falló en las últimas 24 h por falta de memoria, tiempos agotados o respuestas inservibles.',
    },
  },
  databaseOptimize: {
    id: 'database.optimize',
    type: 'check',
    manualSection: '8.2',
    title: { en: 'Database optimisation', es: 'Optimización de base de datos' },
    description: {
      en: 'SQLite: PRAGMA optimize, ANALYZE, and VACUUM when enough space is free. PostgreSQL: VACUUM (ANALYZE).',
      es: 'SQLite: PRAGMA optimize, ANALYZE y VACUUM cuando hay bastante espacio libre. PostgreSQL: VACUUM (ANALYZE).',
    },
  },
  databaseIntegrity: {
    id: 'database.integrity',
    type: 'check',
    manualSection: '4.2',
    title: { en: 'Integrity check', es: 'Verificación de integridad' },
    description: {
      en: 'PRAGMA integrity_check and foreign keys (SQLite), invalid indexes (PostgreSQL), schema up to date.',
      es: 'PRAGMA integrity_check y claves foráneas (SQLite), índices inválidos (PostgreSQL), esquema al día.',
    },
  },
  dependencies: {
    id: 'dependencies.advisories',
    type: 'check',
    manualSection: '8.2',
    title: { en: 'Dependency updates', es: 'Actualización de dependencias' },
    description: {
      en: 'Installed package versions (package-lock.json) against the bundled security advisory snapshot: which packages need an update.',
      es: 'Versiones instaladas (package-lock.json) frente a la copia incluida de avisos de seguridad: qué paquetes hay que actualizar.',
    },
  },
  usage: {
    id: 'usage.statistics',
    type: 'check',
    manualSection: '8.3',
    title: { en: 'Usage statistics', es: 'Análisis de estadísticas de uso' },
    description: {
      en: 'Users, active users, rooms and messages in the period, and the database size.',
      es: 'Usuarios, usuarios activos, salas y mensajes del periodo, y tamaño de la base de datos.',
    },
  },
  certificateRenewal: {
    id: 'certificate.renewal',
    type: 'check',
    manualSection: '8.3',
    title: { en: 'SSL certificate renewal', es: 'Renovación de certificados SSL' },
    description: {
      en: 'Whether the certificate must be renewed before the next monthly routine (fewer than 60 days left); renew with atrio cert renew or the console.',
      es: 'Si hay que renovar el certificado antes de la próxima rutina mensual (menos de 60 días); renovar con atrio cert renew o desde la consola.',
    },
  },
  securityReview: {
    id: 'security.policy_review',
    type: 'manual',
    manualSection: '8.3',
    title: { en: 'Security policy review', es: 'Revisión de políticas de seguridad' },
    description: {
      en: 'Review password policy, lockout, session expiry, roles and permissions, two-factor adoption, retention and the audit trail; note what changed.',
      es: 'Revisar política de contraseñas, bloqueo, expiración de sesiones, roles y permisos, uso del doble factor, retención y auditoría; anotar los cambios.',
    },
  },
  improvementPlanning: {
    id: 'improvement.planning',
    type: 'manual',
    manualSection: '8.3',
    title: { en: 'Improvement planning', es: 'Planificación de mejoras' },
    description: {
      en: 'From the statistics and this month’s incidents, decide what to improve next (capacity, rooms, training, upgrades).',
      es: 'Con las estadísticas y los incidentes del mes, decidir qué mejorar (capacidad, salas, formación, actualizaciones).',
    },
  },
} satisfies Record<string, Item>;

export const ROUTINES: Readonly<Record<RoutineKind, RoutineDefinition>> = {
  daily: {
    id: 'daily',
    kind: 'daily',
    title: { en: 'Daily routine', es: 'Rutina diaria' },
    items: [
      ITEMS.serverStatus,
      ITEMS.logErrors,
      ITEMS.backup,
      ITEMS.resources,
      ITEMS.logCleanup,
      ITEMS.certificate,
      ITEMS.ai,
    ],
  },
  weekly: {
    id: 'weekly',
    kind: 'weekly',
    title: { en: 'Weekly routine', es: 'Rutina semanal' },
    items: [ITEMS.databaseOptimize, ITEMS.databaseIntegrity, ITEMS.dependencies, ITEMS.usage],
  },
  monthly: {
    id: 'monthly',
    kind: 'monthly',
    title: { en: 'Monthly routine', es: 'Rutina mensual' },
    items: [ITEMS.certificateRenewal, ITEMS.usage, ITEMS.securityReview, ITEMS.improvementPlanning],
  },
};

/** How far back "since the previous run" reaches when a routine never ran before. */
export const ROUTINE_PERIOD_MS: Readonly<Record<RoutineKind, number>> = {
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
  monthly: 30 * 86_400_000,
};

export function findItemDefinition(kind: RoutineKind, itemId: string): Item | undefined {
  return ROUTINES[kind].items.find((item) => item.id === itemId);
}
