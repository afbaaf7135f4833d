/** A template group as the template tests write it: content with its own define block. */
import type { DesiredTemplate } from '../../../src/alerting/notification-template.js';

export const group = '{{ define "ops.title" }}[{{ .Status }}] {{ .CommonLabels.alertname }}{{ end }}';

/** The group "ops" as desired, written with provenance api unless `extra` says otherwise. */
export const desiredGroup = (extra: Partial<DesiredTemplate> = {}): DesiredTemplate => ({
  name: 'ops',
  content: group,
  editable: false,
  ...extra,
});
