import { convert, operatorObject } from './helpers.js';

describe('convert: GrafanaContactPoint', () => {
  it('a setting from a Secret becomes a secureSettings ref; one from a ConfigMap in the input is written in', () => {
    const { spec, lines } = convert([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'hooks' },
        data: { ops: 'https://hooks.example.com' },
      },
      operatorObject('GrafanaContactPoint', 'ops', {
        name: 'Operations',
        editable: true,
        receivers: [
          {
            type: 'email',
            settings: { subject: 'S', addresses: 'placeholder' },
            valuesFrom: [
              { targetPath: 'addresses', valueFrom: { secretKeyRef: { name: 'mails', key: 'ops' } } },
            ],
          },
          {
            uid: 'hook',
            type: 'webhook',
            disableResolveMessage: true,
            settings: {},
            valuesFrom: [
              { targetPath: 'url', valueFrom: { configMapKeyRef: { name: 'hooks', key: 'ops' } } },
            ],
          },
        ],
      }),
    ]);
    expect(spec('GrafanaContactPoint/ops')).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'shared' } },
      name: 'Operations',
      editableInGrafana: true,
      receivers: [
        {
          type: 'email',
          settings: { subject: 'S' },
          secureSettings: { addresses: { secretKeyRef: { name: 'mails', key: 'ops' } } },
        },
        {
          uid: 'hook',
          type: 'webhook',
          settings: { url: 'https://hooks.example.com' },
          disableResolveMessage: true,
        },
      ],
    });
    expect(lines.slice(1)).toEqual([
      'GrafanaContactPoint/ops: spec.receivers[1].valuesFrom[0]: written into settings.url from ConfigMap hooks key ops',
    ]);
  });

  it('a secret setting written inline becomes a key of a Secret to fill; the deprecated top-level receiver comes last', () => {
    const { spec, entry, lines } = convert([
      operatorObject(
        'GrafanaContactPoint',
        'chat',
        {
          receivers: [
            { type: 'slack', settings: { recipient: '#ops', url: 'https://hooks.slack.example/T0/secret' } },
          ],
          type: 'email',
          settings: { addresses: 'a@example.com' },
          disableResolveMessage: true,
        },
        { uid: 'k8s-uid' },
      ),
    ]);
    expect(spec('GrafanaContactPoint/chat')?.receivers).toEqual([
      {
        uid: 'k8s-uid_0',
        type: 'slack',
        settings: { recipient: '#ops' },
        secureSettings: { url: { secretKeyRef: { name: 'chat-secure-settings', key: 'receiver-0-url' } } },
      },
      {
        uid: 'k8s-uid_1',
        type: 'email',
        settings: { addresses: 'a@example.com' },
        disableResolveMessage: true,
      },
    ]);
    expect(JSON.stringify([entry('Secret/chat-secure-settings'), lines])).not.toContain('T0/secret');
    expect(lines).toEqual([
      'GrafanaContactPoint/chat: spec.receivers[0].settings.url: a secret setting, now read from Secret chat-secure-settings key receiver-0-url, left empty to fill',
    ]);
  });
});
