import { contractGrafana } from './harness.js';

const BAD_REQUEST = { message: 'bad request data' };

describe('contract: request binding (§1.4, §13.2)', () => {
  const h = contractGrafana();

  it('accepts application/json with parameters', async () => {
    const res = await h.admin('POST', '/api/folders', {
      rawBody: JSON.stringify({ title: 'charset' }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(res.status).toBe(200);
  });

  it('rejects another or a missing content type with 400 bad request data', async () => {
    const textPlain = await h.admin('POST', '/api/folders', {
      rawBody: JSON.stringify({ title: 'x' }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(textPlain.status).toBe(400);
    expect(textPlain.body).toEqual(BAD_REQUEST);

    const missing = await h.admin('POST', '/api/orgs', { rawBody: JSON.stringify({ name: 'x' }) });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual(BAD_REQUEST);
  });

  it('rejects invalid JSON and non-object bodies', async () => {
    const json = { 'content-type': 'application/json' };
    for (const rawBody of ['{"title":', '[1,2]', '"text"']) {
      const res = await h.admin('POST', '/api/folders', { rawBody, headers: json });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(BAD_REQUEST);
    }
  });

  it('rejects a value of the wrong JSON type', async () => {
    const res = await h.admin('POST', '/api/datasources', {
      body: { type: 'prometheus', access: 'proxy', isDefault: 'yes' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(BAD_REQUEST);
  });

  it('enforces binding:"Required" as a zero-value check', async () => {
    for (const body of [{ access: 'proxy' }, { type: 'prometheus' }, { type: '', access: 'proxy' }]) {
      const res = await h.admin('POST', '/api/datasources', { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(BAD_REQUEST);
    }
    const noName = await h.admin('POST', '/api/orgs', { body: {} });
    expect(noName.status).toBe(400);
    expect(noName.body).toEqual(BAD_REQUEST);
  });

  it('decodes an empty body as all-zero fields (then Required fails)', async () => {
    const res = await h.admin('POST', '/api/orgs', {
      rawBody: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(BAD_REQUEST);
  });
});
