import { useMemo } from 'react';
import type { SummaryFailureCode } from '@atrio/protocol';
import { useChat } from '../store/store';

/** The summaries' own strings (kept beside the feature; the same parity rules as i18n/). */
export const es = {
  'button.summarise': 'Resumir',
  'button.summariseTitle': 'Resumir la conversación con la IA',
  'dialog.title': 'Resumir {room}',
  'dialog.what': '¿Qué quieres resumir?',
  'mode.last': 'Los últimos mensajes',
  'mode.lastCount': 'Cuántos',
  'mode.unread': 'Lo que no he leído',
  'mode.range': 'Un intervalo de tiempo',
  'range.since': 'Desde',
  'range.until': 'Hasta',
  'range.invalid':
    'El final debe ser posterior al inicio, no estar en el futuro y abarcar como mucho {days} días.',
  'dialog.start': 'Resumir',
  'dialog.cancel': 'Cancelar',
  'auto.title': 'Resúmenes automáticos',
  'auto.catchUp': 'Prepararme un resumen al volver a una sala con más de',
  'auto.catchUpUnit': 'mensajes sin leer',
  'auto.catchUpOff': 'No (desactivado)',
  'auto.digest': 'Resumen diario de esta sala para todos sus miembros',
  'auto.digestAt': 'Hora',
  'auto.digestOwners': 'Solo los propietarios de la sala pueden cambiar el resumen diario.',
  'auto.digestNext': 'Próximo: {when}',
  'auto.save': 'Guardar',
  'auto.saved': 'Guardado.',
  'panel.label': 'Resumen de la conversación',
  'panel.close': 'Cerrar el resumen',
  'panel.queued': 'En cola: puesto {n}. El resumen empezará cuando la IA quede libre.',
  'panel.queuedNext': 'En cola: eres el siguiente.',
  'panel.starting': 'Preparando el resumen…',
  'panel.writing': 'La IA está escribiendo…',
  'panel.stop': 'Detener',
  'panel.retry': 'Volver a intentarlo',
  'panel.ai': 'Resumen por IA ({model})',
  'panel.cached': 'ya calculado',
  'panel.catchUp': 'Tu resumen para ponerte al día',
  'panel.digest': 'Resumen diario de la sala',
  'panel.extractive': 'Extracto automático: no es IA',
  'panel.extractiveText':
    'No lo escribió la IA: de {count} mensajes de {people}, los más informativos, lo pedido con una mención y las preguntas sin respuesta, citados tal como se escribieron.',
  'panel.peopleOne': '1 persona',
  'panel.peopleMany': '{n} personas',
  'panel.coverage': 'Cubre {count} mensajes, del {from} al {to}.',
  'panel.coverageOne': 'Cubre 1 mensaje, del {from}.',
  'panel.chunks': 'Leído en {n} partes y combinado.',
  'panel.dropped': 'Se descartaron {n} puntos que no citaban mensajes de este intervalo.',
  'panel.keyPoints': 'Puntos clave',
  'panel.decisions': 'Decisiones',
  'panel.actions': 'Tareas',
  'panel.questions': 'Preguntas sin respuesta',
  'panel.owner': 'Responsable: {name}',
  'panel.noOwner': 'sin responsable',
  'panel.cite': 'mensaje {n}',
  'panel.citeLabel': 'Ir al mensaje {n}',
  'panel.empty': 'La IA no encontró puntos que destacar.',
  'panel.offerExtractive': 'Ver un extracto sin IA',
  'panel.offerExtractiveHint':
    'Se calcula en el servidor al momento, sin la IA: cita los mensajes más informativos.',
  'catchUp.button': 'Ponerme al día',
  'catchUp.title': 'Resumir los mensajes nuevos con la IA',
  'failure.AI_UNREACHABLE': 'La IA no responde: el servidor de IA está apagado o no se puede alcanzar.',
  'failure.AI_MODEL_MISSING': 'La IA no tiene instalado el modelo configurado. Avisa al administrador.',
  'failure.AI_HTTP_ERROR': 'La IA respondió con un error (por ejemplo, falta de memoria).',
  'failure.AI_TIMEOUT': 'La IA dejó de escribir y se agotó el tiempo de espera.',
  'failure.AI_BAD_OUTPUT': 'La respuesta de la IA no se pudo usar, dos veces.',
  'failure.AI_EMPTY_OUTPUT': 'La IA no respondió nada, dos veces.',
  'failure.CANCELLED': 'Resumen detenido.',
  'failure.INTERNAL': 'El resumen falló por un error del servidor.',
  'failure.NOTHING_TO_SUMMARISE': 'No hay mensajes que resumir en lo que elegiste.',
  'failure.INTERRUPTED': 'El servidor se reinició antes de terminar el resumen. Pídelo de nuevo.',
} as const;

export type SummaryKey = keyof typeof es;

export const en: Record<SummaryKey, string> = {
  'button.summarise': 'Summarise',
  'button.summariseTitle': 'Summarise the conversation with the AI',
  'dialog.title': 'Summarise {room}',
  'dialog.what': 'What would you like summarised?',
  'mode.last': 'The latest messages',
  'mode.lastCount': 'How many',
  'mode.unread': 'What I have not read',
  'mode.range': 'A time range',
  'range.since': 'From',
  'range.until': 'To',
  'range.invalid': 'The end must come after the start, not lie in the future, and span at most {days} days.',
  'dialog.start': 'Summarise',
  'dialog.cancel': 'Cancel',
  'auto.title': 'Automatic summaries',
  'auto.catchUp': 'Prepare a summary when I come back to a room with more than',
  'auto.catchUpUnit': 'unread messages',
  'auto.catchUpOff': 'No (off)',
  'auto.digest': 'Daily summary of this room for all its members',
  'auto.digestAt': 'Time',
  'auto.digestOwners': 'Only the room’s owners can change the daily summary.',
  'auto.digestNext': 'Next: {when}',
  'auto.save': 'Save',
  'auto.saved': 'Saved.',
  'panel.label': 'Conversation summary',
  'panel.close': 'Close the summary',
  'panel.queued': 'Queued: place {n}. The summary starts when the AI is free.',
  'panel.queuedNext': 'Queued: you are next.',
  'panel.starting': 'Preparing the summary…',
  'panel.writing': 'The AI is writing…',
  'panel.stop': 'Stop',
  'panel.retry': 'Try again',
  'panel.ai': 'AI summary ({model})',
  'panel.cached': 'already computed',
  'panel.catchUp': 'Your catch-up summary',
  'panel.digest': 'The room’s daily summary',
  'panel.extractive': 'Automatic extract: not AI',
  'panel.extractiveText':
    'Not written by the AI: of {count} messages by {people}, the most informative ones, what was asked with a mention and unanswered questions, quoted as written.',
  'panel.peopleOne': '1 person',
  'panel.peopleMany': '{n} people',
  'panel.coverage': 'Covers {count} messages, from {from} to {to}.',
  'panel.coverageOne': 'Covers 1 message, from {from}.',
  'panel.chunks': 'Read in {n} parts and merged.',
  'panel.dropped': '{n} points that did not cite messages of this range were left out.',
  'panel.keyPoints': 'Key points',
  'panel.decisions': 'Decisions',
  'panel.actions': 'Action items',
  'panel.questions': 'Unanswered questions',
  'panel.owner': 'Owner: {name}',
  'panel.noOwner': 'no owner',
  'panel.cite': 'message {n}',
  'panel.citeLabel': 'Go to message {n}',
  'panel.empty': 'The AI found no points to highlight.',
  'panel.offerExtractive': 'See an extract without AI',
  'panel.offerExtractiveHint':
    'Computed on the server at once, without the AI: it quotes the most informative messages.',
  'catchUp.button': 'Catch me up',
  'catchUp.title': 'Summarise the new messages with the AI',
  'failure.AI_UNREACHABLE': 'The AI does not answer: its server is down or cannot be reached.',
  'failure.AI_MODEL_MISSING': 'The AI does not have the configured model installed. Tell your administrator.',
  'failure.AI_HTTP_ERROR': 'The AI answered with an error (out of memory, for example).',
  'failure.AI_TIMEOUT': 'The AI stopped writing and the wait timed out.',
  'failure.AI_BAD_OUTPUT': 'The AI’s answer could not be used, twice.',
  'failure.AI_EMPTY_OUTPUT': 'The AI answered nothing, twice.',
  'failure.CANCELLED': 'Summary stopped.',
  'failure.INTERNAL': 'The summary failed because of a server error.',
  'failure.NOTHING_TO_SUMMARISE': 'There are no messages to summarise in what you chose.',
  'failure.INTERRUPTED': 'The server restarted before the summary ended. Ask again.',
};

const DICTIONARIES = { es: es as Record<SummaryKey, string>, en };

export type SummaryT = (key: SummaryKey, params?: Record<string, string | number>) => string;

export function summaryTranslator(language: 'es' | 'en'): SummaryT {
  const dictionary = DICTIONARIES[language];
  return (key, params) =>
    dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}

export function useSummaryT(): SummaryT {
  const language = useChat((s) => s.language);
  return useMemo(() => summaryTranslator(language), [language]);
}

/** Failures the AI caused: the extractive summary is offered instead. */
export const AI_FAILURES: ReadonlySet<SummaryFailureCode> = new Set([
  'AI_UNREACHABLE',
  'AI_MODEL_MISSING',
  'AI_HTTP_ERROR',
  'AI_TIMEOUT',
  'AI_BAD_OUTPUT',
  'AI_EMPTY_OUTPUT',
]);
