/** The fields every grafana-operator object shares (GrafanaCommonSpec), and their durations. */
import { parseDuration, parsePromDuration } from '../../lib/duration.js';
import { isObject } from '../../lib/json.js';
import type { Manifest } from '../manifests.js';
import { ourManifest, type Conversion, type SourceObject } from './context.js';
import type { ObjectReport } from './report.js';
import { SpecReader } from './spec-reader.js';

/** What one object's conversion reads and writes through. */
export interface ObjectInput {
  spec: SpecReader;
  conversion: Conversion;
}

/** Our resyncPeriod's floor (api/definitions.yaml ResyncPeriod, a Go-style duration). */
const MIN_RESYNC_MS = 10_000;

/**
 * instanceSelector, resyncPeriod, suspend and, with --adopt, adopt; reports
 * allowCrossNamespaceImport. Undefined when there is no instanceSelector (grafana-operator
 * requires one; ours would select every instance).
 */
export function commonSpec({ spec, conversion }: ObjectInput): Record<string, unknown> | undefined {
  const selector = spec.take('instanceSelector');
  if (!isObject(selector)) {
    spec.report.notConverted('', 'spec.instanceSelector is missing, so it selects no Grafana');
    return undefined;
  }
  const out: Record<string, unknown> = { instanceSelector: labelSelector(selector) };
  const resync = spec.string('resyncPeriod');
  if (resync !== undefined) {
    if ((parseDuration(resync) ?? 0) >= MIN_RESYNC_MS) out.resyncPeriod = resync;
    else
      spec.report.notConverted(
        spec.at('resyncPeriod'),
        `"${resync}" is not a duration of at least 10s such as 30s or 10m; the default 10m applies`,
      );
  }
  if (spec.boolean('suspend')) out.suspend = true;
  if (spec.boolean('allowCrossNamespaceImport'))
    spec.report.notConverted(
      spec.at('allowCrossNamespaceImport'),
      'objects select GrafanaInstances in their own namespace only; create a GrafanaInstance in this namespace',
    );
  if (conversion.options.adopt) out.adopt = true;
  return out;
}

function labelSelector(selector: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (isObject(selector.matchLabels)) out.matchLabels = selector.matchLabels;
  if (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0)
    out.matchExpressions = selector.matchExpressions;
  return out;
}

/**
 * A Go or Prometheus duration as our PrometheusDuration (Go's 1h0m0s is one already); undefined,
 * reported, for one that is not (fractions, µs).
 */
export function prometheusDuration(spec: SpecReader, key: string): string | undefined {
  const value = spec.string(key);
  if (value === undefined) return undefined;
  // Our PrometheusDuration (api/definitions.yaml): units y, w, d, h, m, s, ms in that order, or 0.
  if (parsePromDuration(value) !== undefined) return value;
  spec.report.notConverted(
    spec.at(key),
    `"${value}" is not a duration in whole units such as 30s, 5m or 1h30m`,
  );
  return undefined;
}

/** What a kind's spec conversion gets: the reader over spec, and the shared fields already read. */
export interface SpecInput {
  source: SourceObject;
  spec: SpecReader;
  report: ObjectReport;
  conversion: Conversion;
  /** instanceSelector, resyncPeriod, … as converted. */
  common: Record<string, unknown>;
}

export type Converter = (
  source: SourceObject,
  report: ObjectReport,
  conversion: Conversion,
) => Manifest | undefined;

/**
 * A converter to our `kind`: the shared fields first, then `convertSpec`'s (undefined: not
 * converted, reported by it); every spec field left unused is reported.
 */
export function specConverter(
  kind: string,
  convertSpec: (input: SpecInput) => Record<string, unknown> | undefined,
): Converter {
  return (source, report, conversion) => {
    const spec = SpecReader.of(source.spec, 'spec', report);
    const common = commonSpec({ spec, conversion });
    if (!common) return undefined;
    const converted = convertSpec({ source, spec, report, conversion, common });
    if (!converted) return undefined;
    spec.finish();
    return ourManifest(source, kind, source.metadata.name, { ...common, ...converted });
  };
}
