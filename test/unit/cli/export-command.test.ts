import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grafanaAuth } from '../../../src/cli/export/credentials.js';
import { CliError } from '../../../src/cli/exit.js';
import { cliExitCode } from '../../../src/cli/program.js';
import { capturedStreams as streams } from '../../support/cli-streams.js';

describe('export credentials', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gpo-export-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the option, else the file (without its line break), else the variable', async () => {
    const file = join(dir, 'token');
    await writeFile(file, 'glsa_from_file\n');
    expect(await grafanaAuth({ token: 'glsa_option', tokenFile: file }, { GRAFANA_TOKEN: 'x' })).toEqual({
      kind: 'token',
      token: 'glsa_option',
    });
    expect(await grafanaAuth({ tokenFile: file }, { GRAFANA_TOKEN: 'x' })).toEqual({
      kind: 'token',
      token: 'glsa_from_file',
    });
    expect(await grafanaAuth({}, { GRAFANA_TOKEN: 'glsa_env' })).toEqual({
      kind: 'token',
      token: 'glsa_env',
    });
    expect(await grafanaAuth({ user: 'admin' }, { GRAFANA_PASSWORD: 'secret' })).toEqual({
      kind: 'basic',
      username: 'admin',
      password: 'secret',
    });
  });

  it.each([
    [{}, /no credentials/],
    [{ user: 'admin' }, /no password for user "admin"/],
    [{ token: 't', user: 'admin' }, /not both/],
    [{ tokenFile: '/nonexistent/token' }, /cannot read the file/],
  ])('refuses %j in one line', async (options, message) => {
    await expect(grafanaAuth(options, {})).rejects.toThrow(CliError);
    await expect(grafanaAuth(options, {})).rejects.toThrow(message);
  });
});

describe('export command', () => {
  it('--help lists its options', async () => {
    const { out, stdout, stderr } = streams();
    expect(await cliExitCode(['export', '--help'], { stdout, stderr })).toBe(0);
    for (const option of ['--url', '--token-file', '--org', '--namespace', '--out', '--kinds', '--adopt']) {
      expect(out.stdout).toContain(option);
    }
  });

  it('an unknown kind is one error line, exit 1, before Grafana is called', async () => {
    const { out, stdout, stderr } = streams();
    const code = await cliExitCode(['export', '--url', 'http://127.0.0.1:9', '--kinds', 'teams'], {
      stdout,
      stderr,
    });
    expect(code).toBe(1);
    expect(out.stderr).toBe(
      'error: --kinds: unknown kind "teams"; choose from folder, datasource, dashboard, librarypanel, alertrulegroup, contactpoint, notificationpolicy, notificationtemplate, mutetiming\n',
    );
  });
});
