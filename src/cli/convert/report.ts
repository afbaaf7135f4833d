/**
 * What `convert` tells the user about one object, on stderr: every field it could not carry over
 * (`<kind>/<name>: spec.x: not converted: why`) and every field whose meaning changed on the way
 * (`<kind>/<name>: spec.x: <what it became>`), so nothing is dropped silently.
 */
export interface ReportLine {
  subject: string;
  path: string;
  text: string;
}

export class ConversionReport {
  readonly lines: ReportLine[] = [];

  /** The notes about one object, `<kind>/<name>`. */
  about(kind: string, name: string): ObjectReport {
    return new ObjectReport(`${kind}/${name}`, this.lines);
  }

  toString(): string {
    return this.lines.map(formatLine).join('');
  }
}

export function formatLine({ subject, path, text }: ReportLine): string {
  return `${subject}: ${path ? `${path}: ` : ''}${text}\n`;
}

export class ObjectReport {
  constructor(
    readonly subject: string,
    private readonly lines: ReportLine[],
  ) {}

  /** A field with no equivalent: it is not in the output. */
  notConverted(path: string, why: string): void {
    this.lines.push({ subject: this.subject, path, text: `not converted: ${why}` });
  }

  /** A field carried over with a difference the user should know about. */
  changed(path: string, what: string): void {
    this.lines.push({ subject: this.subject, path, text: what });
  }
}
