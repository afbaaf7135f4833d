/**
 * A request the API answers with an error status: the HTTP status, a reason a program can switch
 * on, a message for people, and what else says exactly what was wrong (field paths, conflicts, the
 * missing permission). The router turns it into the JSON body.
 */
export class ApiFailure extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  body(): Record<string, unknown> {
    return { code: this.statusCode, reason: this.reason, message: this.message, ...this.details };
  }
}
