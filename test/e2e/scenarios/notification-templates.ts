import { GrafanaNotificationTemplateResource } from '../../../src/api/generated/index.js';
import { editsIn } from '../../support/grafana-edits.js';
import { objectSpec, type KindScenario } from './scenario.js';

const title = (prefix: string) =>
  `{{ define "scenario.title" }}${prefix} [{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}{{ end }}`;

export const notificationTemplates: KindScenario = {
  title: 'GrafanaNotificationTemplate',
  type: GrafanaNotificationTemplateResource,
  name: 'notification-template',
  spec: (c) => ({ ...objectSpec(c), name: c.n('scenario-templates'), template: title('Platform') }),
  change: () => ({ template: title('Database') }),
  read: async (c) => (await c.f.grafana.api.notificationTemplates.find(c.n('scenario-templates')))?.template,
  expected: (_c, stage) => title(stage === 'created' ? 'Platform' : 'Database'),
  // Provenance api: the UI refuses to edit it, another API client does not.
  edit: async (c) => {
    await c.f.grafana.api.notificationTemplates.put(c.n('scenario-templates'), {
      template: '{{ define "scenario.title" }}changed in Grafana{{ end }}',
    });
  },
  drift: ['template'],
  editInUi: async (c) => {
    await editsIn(c.f.grafana).editTemplate(
      c.n('scenario-templates'),
      '{{ define "scenario.title" }}edited in the UI{{ end }}',
    );
  },
  provenance: async (c) =>
    (await c.f.grafana.api.notificationTemplates.get(c.n('scenario-templates'))).provenance ?? '',
  byHand: async (c) => {
    await c.f.grafana.api.notificationTemplates.put(
      c.n('scenario-templates'),
      { template: '{{ define "scenario.title" }}made by hand{{ end }}' },
      { disableProvenance: true },
    );
    return {};
  },
};
