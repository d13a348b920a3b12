import type { settingsEn } from './settings-en.js';

/** La pantalla de Ajustes en español: qué hace cada ajuste y el nombre de cada campo (las claves son las del servidor). */
export const settingsEs: typeof settingsEn = {
  default: 'Por defecto',
  invalid_json: 'No es JSON válido',
  value: 'Valor',
  required: 'Obligatorio.',
  not_number: 'Debe ser un número.',
  not_integer: 'Debe ser un número entero.',
  too_small: 'Como mínimo %{min}.',
  too_large: 'Como máximo %{max}.',
  between: 'de %{min} a %{max}',
  at_least: 'como mínimo %{min}',
  at_most: 'como máximo %{max}',
  empty_is_none: 'vacío: ninguno (sin límite)',
  about: {
    security: {
      sessions:
        'Las sesiones terminan tras estos minutos sin actividad, y tras estas horas en cualquier caso.',
      lockout:
        'Una cuenta se bloquea tras estos accesos fallidos; cada bloqueo repetido dura el doble, hasta el máximo.',
      loginThrottle:
        'Una dirección puede fallar estos accesos, sumando todas las cuentas, dentro de la ventana antes de tener que esperar.',
      passwordPolicy:
        'Reglas para contraseñas nuevas: longitud mínima (8 o más), rechazar contraseñas muy usadas, rechazar las que contienen el nombre de usuario o el nombre visible. La longitud máxima es fija: 128.',
      recovery:
        'Recuperación por el propio usuario con preguntas de seguridad (sí/no, cuántas se preguntan), y cuánto vale el código de restablecimiento que da un administrador.',
    },
    backups: {
      policy:
        'Cada día se hace un backup a esta hora («M H * * *», hora del servidor); los más antiguos se borran pasado el número o la edad en días, nunca el último bueno.',
    },
    chat: {
      limits:
        'Ritmo y ráfaga de mensajes por usuario, ritmo de eventos por usuario sumando sus conexiones (una sincronización cuenta 10), mensaje más largo, evento de socket más grande, cuánto tiempo se puede editar un mensaje, salas que un usuario puede crear por hora (los gestores de salas no tienen límite) y conexiones abiertas por usuario y por sesión.',
    },
    encryption: {
      messageBodies:
        'Cifrar el texto de los mensajes en disco (AES-256-GCM, llavero en la carpeta de datos). Activado, los mensajes nuevos se guardan cifrados y los existentes se cifran en segundo plano; la búsqueda no ve los mensajes cifrados. Desactivarlo deja cifrados los que ya lo están (siguen legibles).',
    },
    monitoring: {
      scrapeToken:
        'Un servidor Prometheus puede leer GET /metrics con «Authorization: Bearer <este token>». Al menos 32 caracteres; vacío lo desactiva.',
    },
    ai: {
      summaries:
        'Resúmenes con IA: trabajos a la vez (Ollama ejecuta un modelo a la vez en equipos modestos), trabajos en espera como máximo, segundos sin recibir texto antes de dar el trabajo por fallido, peticiones por usuario y hora, y el mayor contexto (num_ctx) que se pide al modelo sea cual sea su límite (la memoria crece con él).',
    },
    network: {
      connections:
        'Conexiones abiertas permitidas desde una dirección y en total; una conexión que no envía una primera petición completa a tiempo (negociación TLS y cabeceras incluidas) se cierra.',
    },
    maintenance: {
      schedule:
        'Las rutinas se ejecutan solas a la hora diaria («HH:MM», hora del servidor): la diaria cada día, la semanal el día de la semana indicado (0 = domingo), la mensual el día del mes indicado (1-28).',
      logs: 'Limpieza de logs (rutina diaria): se borran los logs rotados más antiguos que la edad máxima, y después los más viejos hasta que la carpeta no pase del tamaño máximo. Nunca se borra el archivo activo.',
      thresholds:
        'Margen de recursos (rutina diaria): carga por núcleo en 1 minuto, y memoria y disco (carpeta de datos) libres en porcentaje, a partir de los que la comprobación avisa o falla.',
    },
    retention: {
      policy:
        'Los mensajes más antiguos que los días de mensajes (cada sala puede tener los suyos) y las entradas de auditoría más antiguas que los días de auditoría (90 como mínimo) se borran cada día a esta hora («M H * * *», hora del servidor); vacío los conserva para siempre.',
    },
  },
  field: {
    idleMinutes: 'Minutos sin actividad',
    absoluteHours: 'Horas como máximo',
    maxFailedAttempts: 'Accesos fallidos antes del bloqueo',
    lockMinutes: 'Minutos de bloqueo',
    maxLockMinutes: 'Bloqueo más largo (minutos)',
    maxFailuresPerIp: 'Accesos fallidos por dirección',
    windowMinutes: 'Ventana (minutos)',
    minLength: 'Longitud mínima',
    maxLength: 'Longitud máxima',
    rejectCommon: 'Rechazar contraseñas muy usadas',
    rejectContextual: 'Rechazar el nombre de usuario o visible en la contraseña',
    scheduleCron: 'Hora («M H * * *»)',
    keepCount: 'Backups que se guardan',
    keepDays: 'Días que se guardan',
    questionsEnabled: 'Recuperación con preguntas de seguridad',
    questionsAsked: 'Preguntas que se hacen',
    resetCodeHours: 'Validez del código de restablecimiento (horas)',
    maxBodyLength: 'Mensaje más largo (caracteres)',
    messagesPerSecond: 'Mensajes por segundo y usuario',
    messageBurst: 'Ráfaga de mensajes',
    eventsPerSecond: 'Eventos por segundo y usuario',
    editWindowMinutes: 'Editable durante (minutos)',
    maxPayloadBytes: 'Evento de socket más grande (bytes)',
    roomsPerHour: 'Salas que un usuario puede crear por hora',
    maxSocketsPerUser: 'Conexiones por usuario',
    maxSocketsPerSession: 'Conexiones por sesión',
    concurrency: 'Trabajos a la vez',
    maxQueue: 'Trabajos en espera como máximo',
    silenceSeconds: 'Segundos sin texto antes de fallar',
    requestsPerHour: 'Peticiones por usuario y hora',
    maxContextTokens: 'Contexto más grande (tokens)',
    maxPerAddress: 'Conexiones por dirección',
    maxTotal: 'Conexiones en total',
    firstRequestSeconds: 'Segundos para enviar la primera petición',
    dailyTime: 'Hora («HH:MM»)',
    weeklyDay: 'Día de la semana (0 = domingo)',
    monthlyDay: 'Día del mes',
    maxAgeDays: 'Edad máxima (días)',
    maxTotalMb: 'Tamaño máximo (MB)',
    cpuLoadWarn: 'Carga por núcleo: avisar desde',
    cpuLoadFail: 'Carga por núcleo: fallar desde',
    memoryFreeWarnPercent: '% de memoria libre: avisar por debajo de',
    memoryFreeFailPercent: '% de memoria libre: fallar por debajo de',
    diskFreeWarnPercent: '% de disco libre: avisar por debajo de',
    diskFreeFailPercent: '% de disco libre: fallar por debajo de',
    messageDays: 'Conservar mensajes (días)',
    auditDays: 'Conservar la auditoría (días)',
  },
};
