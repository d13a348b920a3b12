import { HttpException } from '@nestjs/common';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@atrio/protocol';
import { AppError } from './app-error.js';
import { diskFullError, isDiskFull } from './disk-full.js';

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** True when the error is ours to fix (5xx), so it is logged with its stack. */
  unexpected: boolean;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'VALIDATION_FAILED',
  423: 'ACCOUNT_LOCKED',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Turns anything thrown while serving a request into the contract's error body and status. */
export function mapError(error: unknown): MappedError {
  if (isDiskFull(error)) return mapError(diskFullError());
  if (error instanceof AppError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status: ERROR_STATUS[error.code], body, headers: error.headers ?? {}, unexpected: false };
  }
  // body-parser errors carry a `type`; Nest wraps them in an HttpException whose `cause` is the original.
  const parserType = parserErrorType(error) ?? parserErrorType((error as { cause?: unknown } | null)?.cause);
  if (parserType === 'entity.parse.failed') {
    return simple(400, 'VALIDATION_FAILED', 'The request body is not valid JSON.');
  }
  if (parserType === 'entity.too.large') {
    return simple(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts.');
  }
  if (parserType === 'encoding.unsupported' || parserType === 'charset.unsupported') {
    return simple(415, 'VALIDATION_FAILED', 'The request body must be UTF-8 encoded JSON.');
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
    const message = status === 404 ? 'There is nothing at this address.' : error.message;
    return { ...simple(status, code, message), unexpected: status >= 500 };
  }
  return {
    ...simple(500, 'INTERNAL', 'The server failed to handle this request; it has been logged.'),
    unexpected: true,
  };
}

function parserErrorType(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
}

function simple(status: number, code: ErrorCode, message: string): MappedError {
  return { status, body: { error: { code, message } }, headers: {}, unexpected: false };
}
