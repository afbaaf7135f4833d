/**
 * A mute timing (contract §8.7, §12): the one a spec asks for, and where Grafana's differs from it.
 * Its time intervals are checked and put in Grafana's form by time-intervals.ts.
 */
import type { GrafanaMuteTimingSpec } from '../api/generated/index.js';
import { provenanceOf, type MuteTiming, type TimeInterval } from '../grafana/index.js';
import type { Applied, Ownership } from '../sync/object-kind.js';
import { nameUid, ownsNamed } from './notification-resources.js';
import { wantedProvenance } from './provenance.js';
import { normaliseTimeIntervals, timeIntervalsDrift } from './time-intervals.js';

export interface DesiredMuteTiming {
  name: string;
  /** In the form Grafana returns them (see normaliseTimeIntervals). */
  time_intervals: TimeInterval[];
  editable: boolean;
}

export interface ObservedMuteTiming {
  timing: MuteTiming;
  /** Under the name this object last wrote there. */
  recorded: boolean;
}

/**
 * The timing a spec asks for under `name` (its name in Grafana), its intervals checked (InvalidSpec
 * naming the field, time zones included) and in the form Grafana returns them.
 */
export function desiredMuteTiming(spec: GrafanaMuteTimingSpec, name: string): DesiredMuteTiming {
  return {
    name,
    time_intervals: normaliseTimeIntervals(spec.time_intervals, 'spec.time_intervals', true),
    editable: spec.editableInGrafana ?? false,
  };
}

/** The fields where Grafana's mute timing differs from the desired one; [] = in sync. */
export function diffMuteTiming(desired: DesiredMuteTiming, observed: ObservedMuteTiming): string[] {
  // Edits made in Grafana stay until the spec changes (which changes the hash and writes).
  if (desired.editable) return [];
  const drift: string[] = [];
  const { timing } = observed;
  if (timing.name !== desired.name) drift.push('name');
  drift.push(...timeIntervalsDrift(desired.time_intervals, timing.time_intervals ?? []));
  if (provenanceOf(timing) !== wantedProvenance(desired.editable)) drift.push('provenance');
  return drift;
}

/** ObjectKind.owns: this object's when found under the name it wrote last. */
export function ownsMuteTiming({ timing, recorded }: ObservedMuteTiming): Ownership {
  return ownsNamed(describeTiming(timing.name), recorded, timing.provenance);
}

/** What status records of a timing: its name's uid. */
export function appliedTiming(timing: MuteTiming): Applied {
  return { uid: nameUid(timing.name) };
}

/** A mute timing as messages name it. */
export function describeTiming(name: string): string {
  return `mute timing "${name}"`;
}
