import { capturedStreams as streams } from '../../support/cli-streams.js';
import { cliExitCode } from '../../../src/cli/program.js';

describe('the command line', () => {
  it('--help names the operator as the default and exits 0', async () => {
    const { out, stdout, stderr } = streams();
    expect(await cliExitCode(['--help'], { stdout, stderr })).toBe(0);
    expect(out.stdout).toMatch(/^Usage: grafana-provisioning-operator /);
    expect(out.stdout).toMatch(/run\s+run the operator \(the default when no command is given\)/);
  });

  it('an unknown command is one error line with a hint, exit 1', async () => {
    const { out, stdout, stderr } = streams();
    expect(await cliExitCode(['exprot'], { stdout, stderr })).toBe(1);
    expect(out.stderr).toMatch(/^error: unknown command 'exprot'\n/);
    expect(out.stdout).toBe('');
  });
});
