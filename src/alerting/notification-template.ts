/**
 * A notification template group (contract §8.6, §12): the one a spec asks for, and where Grafana's
 * differs from it. Grafana wraps content without a `{{ define` block into one named after the
 * group, indenting every line: content is compared as Grafana would store it, with line endings
 * and trailing whitespace normalised, so it never flaps.
 */
import { provenanceOf, wrapTemplateContent, type NotificationTemplate } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import type { Applied, Ownership } from '../sync/object-kind.js';
import { nameUid, ownsNamed } from './notification-resources.js';
import { wantedProvenance } from './provenance.js';

export interface DesiredTemplate {
  name: string;
  /** The content as given (trimmed), which is what is sent. */
  content: string;
  editable: boolean;
}

export interface ObservedTemplate {
  template: NotificationTemplate;
  /** Under the name this object last wrote there. */
  recorded: boolean;
}

/** The group a spec asks for, from its content as given; empty content is InvalidSpec. */
export function desiredTemplate(name: string, content: string, editable: boolean): DesiredTemplate {
  const trimmed = content.trim();
  if (trimmed === '') throw new ObjectError('InvalidSpec', 'the template content is empty');
  return { name, content: trimmed, editable };
}

/** The fields where Grafana's template group differs from the desired one; [] = in sync. */
export function diffTemplate(desired: DesiredTemplate, observed: ObservedTemplate): string[] {
  if (desired.editable) return [];
  const drift: string[] = [];
  const { template } = observed;
  if (template.name !== desired.name) drift.push('name');
  else if (normaliseContent(template.template) !== storedContent(desired)) drift.push('template');
  if (provenanceOf(template) !== wantedProvenance(desired.editable)) drift.push('provenance');
  return drift;
}

/** What Grafana stores for the desired content, normalised for comparison. */
export function storedContent(desired: Pick<DesiredTemplate, 'name' | 'content'>): string {
  return normaliseContent(wrapTemplateContent(desired.name, desired.content));
}

/** Line endings, trailing whitespace and surrounding blank lines do not count. */
export function normaliseContent(content: string): string {
  return content
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/** ObjectKind.owns: this object's when found under the name it wrote last. */
export function ownsTemplate({ template, recorded }: ObservedTemplate): Ownership {
  return ownsNamed(describeTemplate(template.name), recorded, template.provenance);
}

/** What status records of a group: its name's uid. */
export function appliedTemplate(template: NotificationTemplate): Applied {
  return { uid: nameUid(template.name) };
}

/** A template group as messages name it. */
export function describeTemplate(name: string): string {
  return `notification template group "${name}"`;
}
