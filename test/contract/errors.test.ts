import { contractGrafana } from './harness.js';

describe('contract: error bodies (§11.1)', () => {
  const h = contractGrafana();

  it('leaves traceID out of error bodies by default (unified request logging on)', async () => {
    const bad = await h.admin('POST', '/api/orgs', { body: {} });
    expect(bad.body).toEqual({ message: 'bad request data' });
    const unauthorized = await h.call('GET', '/api/user');
    expect(unauthorized.body.traceID).toBeUndefined();
  });
});
