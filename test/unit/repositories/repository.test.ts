import type { GrafanaRepository } from '../../../src/grafana/index.js';
import {
  mirroredStatus,
  repositoryDrift,
  repositoryInput,
  repositorySpec,
  type DesiredRepository,
} from '../../../src/repositories/repository.js';

const place = { version: 'v0alpha1', namespace: 'default' };

const gitDesired = (token?: string): DesiredRepository => ({
  place,
  spec: repositorySpec({
    title: 'Dashboards',
    type: 'git',
    url: 'https://git.example.com/d.git',
    branch: 'main',
    path: 'grafana',
    tokenUser: 'ci',
    workflows: ['branch', 'write'],
  }),
  ...(token !== undefined ? { token } : {}),
});

/** The repository as Grafana stores what `desired` sent: its admission's defaults added. */
function stored(desired: DesiredRepository, extra: Partial<GrafanaRepository> = {}): GrafanaRepository {
  return {
    metadata: { name: 'dashboards', resourceVersion: '7', generation: 1 },
    spec: { ...desired.spec, sync: { intervalSeconds: 60, ...desired.spec.sync } },
    ...(desired.token !== undefined ? { secure: { token: { name: 'inline-abc' } } } : {}),
    ...extra,
  };
}

describe('repositorySpec', () => {
  it('puts url, branch, path and tokenUser in the config of the type, with Grafana’s sync defaults', () => {
    expect(gitDesired().spec).toEqual({
      title: 'Dashboards',
      workflows: ['branch', 'write'],
      sync: { enabled: true, target: 'folder' },
      type: 'git',
      git: { url: 'https://git.example.com/d.git', branch: 'main', tokenUser: 'ci', path: 'grafana' },
    });
    expect(
      repositorySpec({ title: 'Files', type: 'local', path: '/srv/dashboards', sync: { enabled: false } }),
    ).toEqual({
      title: 'Files',
      workflows: [],
      sync: { enabled: false, target: 'folder' },
      type: 'local',
      local: { path: '/srv/dashboards' },
    });
    expect(
      repositorySpec({ title: 'Hub', type: 'github', url: 'https://github.com/e/d', branch: 'main' }).github,
    ).toEqual({ url: 'https://github.com/e/d', branch: 'main' });
  });
});

describe('repositoryDrift', () => {
  it('finds nothing in what Grafana stored from the spec, its default interval included', () => {
    expect(repositoryDrift(gitDesired('t'), stored(gitDesired('t')))).toEqual([]);
  });

  it('names each field edited in Grafana', () => {
    const desired = gitDesired('t');
    const edited = stored(desired);
    edited.spec = {
      ...edited.spec,
      title: 'Edited',
      workflows: ['write', 'branch'],
      git: { ...edited.spec.git!, branch: 'dev' },
      sync: { enabled: false, target: 'instance', intervalSeconds: 60 },
    };
    expect(repositoryDrift(desired, edited)).toEqual([
      'title',
      'branch',
      'workflows',
      'sync.enabled',
      'sync.target',
    ]);
  });

  it('compares the interval only when the spec sets it', () => {
    const desired = gitDesired();
    desired.spec.sync.intervalSeconds = 300;
    expect(repositoryDrift(desired, stored(desired))).toEqual([]);
    expect(
      repositoryDrift(desired, {
        ...stored(desired),
        spec: { ...desired.spec, sync: { ...desired.spec.sync, intervalSeconds: 60 } },
      }),
    ).toEqual(['sync.intervalSeconds']);
  });

  it('compares whether a token is stored, never its value', () => {
    expect(repositoryDrift(gitDesired('t'), stored(gitDesired()))).toEqual(['secure.token']);
    expect(repositoryDrift(gitDesired(), stored(gitDesired('t')))).toEqual(['secure.token']);
  });

  it('names the type, not its fields, when the type changed', () => {
    const local = {
      ...stored(gitDesired()),
      spec: repositorySpec({
        title: 'Dashboards',
        type: 'local',
        path: '/x',
        workflows: ['branch', 'write'],
      }),
    };
    expect(repositoryDrift(gitDesired(), local)).toEqual(['type']);
  });
});

describe('repositoryInput', () => {
  it('sends the token to create, and the resourceVersion read', () => {
    expect(repositoryInput('dashboards', gitDesired('s3cret'), stored(gitDesired('old')))).toEqual({
      metadata: { name: 'dashboards', resourceVersion: '7' },
      spec: gitDesired().spec,
      secure: { token: { create: 's3cret' } },
    });
  });

  it('removes a token the spec no longer has, and leaves secure out when there is none', () => {
    expect(repositoryInput('dashboards', gitDesired(), stored(gitDesired('old'))).secure).toEqual({
      token: { remove: true },
    });
    expect(repositoryInput('dashboards', gitDesired(), undefined)).toEqual({
      metadata: { name: 'dashboards' },
      spec: gitDesired().spec,
    });
  });
});

describe('mirroredStatus', () => {
  it('shows Grafana’s health and last sync with RFC 3339 times and joined messages', () => {
    const at = Date.parse('2026-01-02T03:04:05.000Z');
    expect(
      mirroredStatus({
        ...stored(gitDesired()),
        status: {
          health: { healthy: false, checked: at, message: ['branch not found', 'try again'] },
          sync: { state: 'error', job: 'pull-1', started: at, finished: at + 1000, message: ['failed'] },
        },
      }),
    ).toEqual({
      health: { healthy: false, checked: '2026-01-02T03:04:05.000Z', message: 'branch not found; try again' },
      sync: {
        state: 'error',
        job: 'pull-1',
        started: '2026-01-02T03:04:05.000Z',
        finished: '2026-01-02T03:04:06.000Z',
        message: 'failed',
      },
    });
  });

  it('shows nothing before Grafana reported anything, or with no repository', () => {
    expect(mirroredStatus(stored(gitDesired()))).toEqual({});
    expect(mirroredStatus(undefined)).toEqual({});
  });
});
