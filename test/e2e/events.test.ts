import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { eventually } from '../support/wait.js';

/** The Events of one object, oldest first. */
type ObjectEvent = Awaited<ReturnType<ObjectFixture['kube']['events']>>[number];

describe('Events', () => {
  let f: ObjectFixture;

  beforeAll(async () => {
    f = await objectFixture('events');
  });

  afterAll(async () => {
    await f?.stop();
  });

  const eventWith = (object: string, match: (e: ObjectEvent) => boolean, what: string) =>
    eventually(async () => (await f.kube.events(object)).find(match), { what });

  it('a new message under the same reason is a new Event (Secret missing → key missing)', async () => {
    await f.kube.instance('rotating', {
      url: f.grafana.url,
      auth: { token: { secretKeyRef: { name: 'rotating-token', key: 'token' } } },
    });
    await eventWith(
      'rotating',
      (e) => e.reason === 'SecretNotFound' && e.message === 'Secret "rotating-token" not found',
      'the Event for the missing Secret',
    );
    await f.kube.secret('rotating-token', { other: 'x' });
    const keyMissing = await eventWith(
      'rotating',
      (e) => e.message === 'Secret "rotating-token" has no key "token"',
      'the Event for the missing key',
    );
    expect(keyMissing).toMatchObject({ type: 'Warning', reason: 'SecretNotFound' });
  });
});
