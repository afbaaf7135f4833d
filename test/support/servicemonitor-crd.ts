/**
 * A stand-in for prometheus-operator's ServiceMonitor CRD (monitoring.coreos.com/v1), written for
 * these tests: structural and closed for the fields the chart can render, so a misspelt field in
 * the chart's ServiceMonitor fails the server-side dry run and kubeconform, as the real CRD would.
 */
const string = { type: 'string' };
const relabelings = {
  type: 'array',
  items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
};
const labelSelector = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', additionalProperties: string },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: { key: string, operator: string, values: { type: 'array', items: string } },
      },
    },
  },
};

export const SERVICE_MONITOR_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'servicemonitors.monitoring.coreos.com' },
  spec: {
    group: 'monitoring.coreos.com',
    names: {
      kind: 'ServiceMonitor',
      listKind: 'ServiceMonitorList',
      plural: 'servicemonitors',
      singular: 'servicemonitor',
    },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            required: ['spec'],
            properties: {
              apiVersion: string,
              kind: string,
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                required: ['selector'],
                properties: {
                  jobLabel: string,
                  targetLabels: { type: 'array', items: string },
                  podTargetLabels: { type: 'array', items: string },
                  selector: labelSelector,
                  namespaceSelector: {
                    type: 'object',
                    properties: { any: { type: 'boolean' }, matchNames: { type: 'array', items: string } },
                  },
                  endpoints: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        port: string,
                        targetPort: { 'x-kubernetes-int-or-string': true },
                        path: string,
                        scheme: { type: 'string', enum: ['http', 'https', 'HTTP', 'HTTPS'] },
                        interval: {
                          type: 'string',
                          pattern:
                            '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$',
                        },
                        scrapeTimeout: {
                          type: 'string',
                          pattern:
                            '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$',
                        },
                        honorLabels: { type: 'boolean' },
                        honorTimestamps: { type: 'boolean' },
                        relabelings,
                        metricRelabelings: relabelings,
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};
