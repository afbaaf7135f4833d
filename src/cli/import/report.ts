/**
 * What `import` could not carry over, per object: every field with no equivalent, every delete
 * list, every value Grafana would have interpolated. Printed on stderr so stdout stays manifests.
 */
export interface ReportLine {
  /** The file and the object in it, e.g. `datasources/main.yaml datasource "Prometheus"`. */
  where: string;
  message: string;
}

export class ImportReport {
  readonly lines: ReportLine[] = [];
  readonly warnings: string[] = [];

  note(where: string, message: string): void {
    this.lines.push({ where, message });
  }

  /** A warning about the whole import (e.g. the variables secure values came from). */
  warn(message: string): void {
    this.warnings.push(message);
  }

  /** Keys of `source` outside `known`, each reported as left out. */
  unknownKeys(
    where: string,
    source: Record<string, unknown>,
    known: readonly string[],
    why = 'no equivalent',
  ): void {
    for (const key of Object.keys(source)) {
      if (!known.includes(key)) this.note(where, `${key}: ${why}, left out`);
    }
  }

  text(): string {
    const lines = this.lines.map((line) => `${line.where}: ${line.message}`);
    return [...lines, ...this.warnings.map((warning) => `warning: ${warning}`)]
      .map((line) => `${line}\n`)
      .join('');
  }
}
