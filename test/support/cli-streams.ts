import { PassThrough } from 'node:stream';

/** stdout and stderr for `cliExitCode`, with what was written to each. */
export function capturedStreams() {
  const out = { stdout: '', stderr: '' };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  return { out, stdout, stderr };
}
