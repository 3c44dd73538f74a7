import { nodeProcessRunner } from './node-runner';

describe('nodeProcessRunner', () => {
  test('runs a program without a shell and collects its output and exit code', async () => {
    const result = await nodeProcessRunner.run(process.execPath, ['-e', 'console.log("out $HOME"); console.error("err"); process.exit(3)'], { env: { PATH: process.env.PATH } });
    expect(result).toEqual({ exitCode: 3, stdout: 'out $HOME\n', stderr: 'err\n' });
  });

  test('a missing program rejects with ENOENT; a slow one is stopped with ETIMEDOUT', async () => {
    await expect(nodeProcessRunner.run('flotilla-no-such-program', [])).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(nodeProcessRunner.run(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { timeoutMs: 200 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
  });
});
