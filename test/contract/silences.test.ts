import { contractGrafana } from './harness.js';

const SILENCES = '/api/alertmanager/grafana/api/v2/silences';
const SILENCE = '/api/alertmanager/grafana/api/v2/silence';

/** Silences of the built-in Alertmanager as GrafanaSilence relies on them (§21). */
describe('contract: silences (§21)', () => {
  const h = contractGrafana();

  const hour = 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const matcher = (name: string, value: string) => ({ name, value, isEqual: true, isRegex: false });
  const body = (extra: Record<string, unknown> = {}) => ({
    matchers: [matcher('contract', 'silences')],
    startsAt: iso(Date.now() - hour),
    endsAt: iso(Date.now() + hour),
    comment: 'contract',
    createdBy: 'contract',
    ...extra,
  });
  const save = async (extra: Record<string, unknown> = {}) => {
    const res = await h.admin('POST', SILENCES, { body: body(extra) });
    expect(res.status).toBe(202);
    return res.body.silenceID as string;
  };
  const get = async (id: string) => (await h.admin('GET', `${SILENCE}/${id}`)).body;

  it('creates (202 {silenceID}); a start already past becomes the moment of the save; listed with its state', async () => {
    const before = Date.now();
    const id = await save();
    const got = await get(id);
    expect(got).toMatchObject({
      id,
      status: { state: 'active' },
      comment: 'contract',
      createdBy: 'contract',
    });
    expect(Date.parse(got.startsAt as string)).toBeGreaterThanOrEqual(before - 1000);
    const listed = (await h.admin('GET', SILENCES)).body as unknown as Array<{ id: string }>;
    expect(listed.map((s) => s.id)).toContain(id);
  });

  it('updates in place, keeping the id, when the matchers and the start stay', async () => {
    const id = await save();
    const { startsAt } = await get(id);
    expect(await save({ id, startsAt, comment: 'longer', endsAt: iso(Date.now() + 2 * hour) })).toBe(id);
    expect(await get(id)).toMatchObject({ id, comment: 'longer', status: { state: 'active' } });
  });

  it('gives a new id for other matchers, expiring the old silence, which stays listed; an expired one is never updated', async () => {
    const id = await save();
    const { startsAt } = await get(id);
    const next = await save({ id, startsAt, matchers: [matcher('contract', 'other')] });
    expect(next).not.toBe(id);
    expect(await get(id)).toMatchObject({ status: { state: 'expired' } });
    expect(await get(next)).toMatchObject({ status: { state: 'active' } });
    const again = await save({ id, matchers: [matcher('contract', 'silences')] });
    expect(again).not.toBe(id);
  });

  it('expires on DELETE (200), answers 404 for an unknown id', async () => {
    const id = await save();
    const deleted = await h.admin('DELETE', `${SILENCE}/${id}`);
    expect([deleted.status, deleted.body.message]).toEqual([200, 'silence deleted']);
    expect(await get(id)).toMatchObject({ status: { state: 'expired' } });
    const unknown = '00000000-0000-0000-0000-000000000000';
    expect((await h.admin('GET', `${SILENCE}/${unknown}`)).status).toBe(404);
    expect((await h.admin('DELETE', `${SILENCE}/${unknown}`)).status).toBe(404);
    expect((await h.admin('POST', SILENCES, { body: body({ id: unknown }) })).status).toBe(404);
  });

  it('refuses a window that ends before it starts (400)', async () => {
    const res = await h.admin('POST', SILENCES, { body: body({ endsAt: iso(Date.now() - 2 * hour) }) });
    expect(res.status).toBe(400);
  });
});
