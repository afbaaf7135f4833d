/**
 * Progress of long work on stderr, so stdout stays the result. On a terminal one line is
 * redrawn in place; into a pipe or a file (CI logs) it prints a line at most every
 * `everyMs`, and the last, so the log shows progress without carriage returns garbling it.
 * Written here rather than taken from a progress-bar library: a counter is all it shows.
 */
export class Progress {
  private done = 0;
  private lastPrinted = 0;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total?: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly everyMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {
    this.tty = stream.isTTY === true;
  }

  /** Counts `n` more done, with what was just done for the line. */
  tick(what = '', n = 1): void {
    this.done += n;
    const time = this.now();
    if (this.tty) {
      this.stream.write(`\r\x1b[K${this.line(what)}`);
    } else if (time - this.lastPrinted >= this.everyMs) {
      this.stream.write(`${this.line(what)}\n`);
      this.lastPrinted = time;
    }
  }

  /** Prints the final count on its own line. */
  finish(what = 'done'): void {
    this.stream.write(`${this.tty ? '\r\x1b[K' : ''}${this.line(what)}\n`);
  }

  private line(what: string): string {
    const count = this.total === undefined ? `${this.done}` : `${this.done}/${this.total}`;
    return `${this.label}: ${count}${what ? ` ${what}` : ''}`;
  }
}
