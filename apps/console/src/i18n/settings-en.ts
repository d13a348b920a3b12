/** The Settings screen in English: what each setting does and each field's name (keys are the server's). */
export const settingsEn = {
  default: 'Default',
  invalid_json: 'Not valid JSON',
  value: 'Value',
  required: 'Required.',
  not_number: 'Must be a number.',
  not_integer: 'Must be a whole number.',
  too_small: 'At least %{min}.',
  too_large: 'At most %{max}.',
  between: 'from %{min} to %{max}',
  at_least: 'at least %{min}',
  at_most: 'at most %{max}',
  empty_is_none: 'empty: none (no limit)',
  about: {
    security: {
      sessions:
        'Sessions end after this many minutes without activity, and after this many hours in any case.',
      lockout:
        'An account is locked after this many failed sign-ins; each repeated lock lasts twice as long, up to the maximum.',
      loginThrottle:
        'One address may fail this many sign-ins, across all accounts, within the window before it must wait.',
      passwordPolicy:
        'Rules for new passwords: minimum length (8 or more), refuse commonly used passwords, refuse passwords containing the username or display name. The maximum length is fixed at 128.',
      recovery:
        'Self-service recovery by security questions (on/off, how many are asked), and how long an administrator’s reset code stays valid.',
    },
    backups: {
      policy:
        'A backup is taken daily at this time ("M H * * *", server time); older ones are deleted beyond the count or the age in days, never the newest good one.',
    },
    chat: {
      limits:
        'Per-user message rate and burst, per-user event rate across all their connections (a sync counts as 10 events), longest message, largest socket event, how long a message stays editable, rooms a user may create per hour (room managers are exempt), and open connections per user and per session.',
    },
    encryption: {
      messageBodies:
        'Encrypt message bodies at rest (AES-256-GCM, key ring in the data folder). While on, new messages are stored encrypted and existing ones are encrypted in the background; full-text search cannot see encrypted messages. Turning it off leaves encrypted messages encrypted (still readable).',
    },
    monitoring: {
      scrapeToken:
        'A Prometheus server may read GET /metrics with "Authorization: Bearer <this token>". At least 32 characters; empty turns it off.',
    },
    ai: {
      summaries:
        'AI summaries: jobs run at once (Ollama runs one model at a time on modest hardware), jobs waiting at most, seconds without a token before a job fails, requests per user per hour, and the largest context (num_ctx) asked of the model whatever its own limit (memory grows with it).',
    },
    network: {
      connections:
        'Open connections allowed from one address and in total; a connection that has not sent a complete first request in time (TLS handshake and headers included) is closed.',
    },
    maintenance: {
      schedule:
        'The routines run on their own at the daily time ("HH:MM", server time): daily every day, weekly on the day of the week (0 = Sunday), monthly on the day of the month (1-28).',
      logs: 'Log cleanup (daily routine): rotated log files older than the maximum age are deleted, then the oldest until the logs folder holds at most the maximum size. The active file is never deleted.',
      thresholds:
        'Resource headroom (daily routine): 1-minute load per CPU core, and free memory and free disk (data folder) in percent, at which the check warns or fails.',
    },
    retention: {
      policy:
        'Messages older than the message days (rooms may override) and audit entries older than the audit days (at least 90) are deleted daily at this time ("M H * * *", server time); empty keeps them forever.',
    },
  },
  field: {
    idleMinutes: 'Minutes without activity',
    absoluteHours: 'Hours at most',
    maxFailedAttempts: 'Failed sign-ins before the lock',
    lockMinutes: 'Minutes locked',
    maxLockMinutes: 'Longest lock (minutes)',
    maxFailuresPerIp: 'Failed sign-ins per address',
    windowMinutes: 'Window (minutes)',
    minLength: 'Minimum length',
    maxLength: 'Maximum length',
    rejectCommon: 'Refuse common passwords',
    rejectContextual: 'Refuse the username or display name in the password',
    scheduleCron: 'Time ("M H * * *")',
    keepCount: 'Backups kept',
    keepDays: 'Days kept',
    questionsEnabled: 'Recovery by security questions',
    questionsAsked: 'Questions asked',
    resetCodeHours: 'Reset code valid (hours)',
    maxBodyLength: 'Longest message (characters)',
    messagesPerSecond: 'Messages per second per user',
    messageBurst: 'Message burst',
    eventsPerSecond: 'Events per second per user',
    editWindowMinutes: 'Editable for (minutes)',
    maxPayloadBytes: 'Largest socket event (bytes)',
    roomsPerHour: 'Rooms a user may create per hour',
    maxSocketsPerUser: 'Connections per user',
    maxSocketsPerSession: 'Connections per session',
    concurrency: 'Jobs at once',
    maxQueue: 'Jobs waiting at most',
    silenceSeconds: 'Seconds without a token before failing',
    requestsPerHour: 'Requests per user per hour',
    maxContextTokens: 'Largest context (tokens)',
    maxPerAddress: 'Connections per address',
    maxTotal: 'Connections in total',
    firstRequestSeconds: 'Seconds to send the first request',
    dailyTime: 'Time ("HH:MM")',
    weeklyDay: 'Day of the week (0 = Sunday)',
    monthlyDay: 'Day of the month',
    maxAgeDays: 'Maximum age (days)',
    maxTotalMb: 'Maximum size (MB)',
    cpuLoadWarn: 'Load per core: warn at',
    cpuLoadFail: 'Load per core: fail at',
    memoryFreeWarnPercent: 'Free memory %: warn below',
    memoryFreeFailPercent: 'Free memory %: fail below',
    diskFreeWarnPercent: 'Free disk %: warn below',
    diskFreeFailPercent: 'Free disk %: fail below',
    messageDays: 'Keep messages (days)',
    auditDays: 'Keep the audit trail (days)',
  },
};
