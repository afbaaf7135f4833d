import { hideUrlCredentials } from '../url-credentials.js';
import type { ReadyState } from './reconciler.js';

/** Longest message of an InternalError condition: enough for an error's own text, never a dump. */
export const MAX_INTERNAL_ERROR_MESSAGE = 1024;

/**
 * Ready=False/InternalError for an error no adapter classified: a bug or a case nobody foresaw.
 * The message is the error's own (credentials in URLs hidden, length bounded), so the object says
 * what went wrong while the log line (loggableError) carries the stack.
 */
export function internalErrorState(error: unknown): ReadyState {
  const text = hideUrlCredentials(describe(error)).trim() || 'unknown error';
  const message =
    text.length > MAX_INTERNAL_ERROR_MESSAGE ? `${text.slice(0, MAX_INTERNAL_ERROR_MESSAGE - 1)}…` : text;
  return { status: 'False', reason: 'InternalError', message };
}

/** The error for a log line: type, message and stack, with URL credentials hidden. */
export function loggableError(error: unknown): { type: string; message: string; stack?: string } {
  const type = error instanceof Error ? error.name : typeof error;
  const message = hideUrlCredentials(describe(error));
  return error instanceof Error && error.stack
    ? { type, message, stack: hideUrlCredentials(error.stack) }
    : { type, message };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}
