import { FlotillaError } from '../../contract/errors';
import { buildProject } from './load-project';
import { goodSource } from './projects.test-helpers';
import { base64Size, gitInputProblems, renderUserData, USER_DATA_LIMIT_BYTES } from './user-data';

function thrown(fn: () => unknown): FlotillaError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FlotillaError) return err;
    throw err;
  }
  throw new Error('expected a FlotillaError');
}

describe('sizes', () => {
  test('computes base64 sizes', () => {
    expect([0, 1, 2, 3, 4, 12288, 12289].map(base64Size)).toEqual([0, 4, 4, 4, 8, 16384, 16388]);
  });
});

describe('gitInputProblems', () => {
  test('has no problems for a valid user and branch', () => {
    expect(gitInputProblems('octocat', 'feature/x')).toEqual([]);
  });
  test('reports user and branch without a file or line', () => {
    const problems = gitInputProblems('bad user', 'a;reboot');
    expect(problems).toHaveLength(2);
    expect(problems[1]).toEqual({
      severity: 'error',
      file: '',
      message: expect.stringContaining("branch 'a;reboot' contains ';'"),
      text: expect.stringContaining("branch 'a;reboot' contains ';'"),
    });
    expect(problems[1]!.text).toBe(problems[1]!.message);
  });
});

describe('renderUserData', () => {
  const project = buildProject('demo', 'projects/demo.sh', goodSource('BRANCH={{ GIT_BRANCH | shq }}\nREV={{ REVISION | shq }}\nKEY={{ ENV.KEY | shq }}'));

  test('renders with the user, branch and any extra variables, and measures the result', () => {
    const result = renderUserData(project, { GIT_USER: 'octocat', GIT_BRANCH: 'release/1.2', REVISION: 'r42', ENV: { KEY: "it's" } });
    expect(result.userData).toContain("BRANCH='release/1.2'\nREV='r42'\nKEY='it'\\''s'\n");
    expect(result.bytes).toBe(Buffer.byteLength(result.userData));
    expect(result.base64Bytes).toBe(Buffer.from(result.userData).toString('base64').length);
    expect(result.limitBytes).toBe(USER_DATA_LIMIT_BYTES);
  });

  test('refuses a hostile branch before rendering', () => {
    const err = thrown(() => renderUserData(project, { GIT_USER: 'octocat', GIT_BRANCH: 'x$(touch /tmp/pwned)' }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toBe(
      "branch 'x$(touch /tmp/pwned)' contains '$', which Flotilla refuses in branch names so it can never run as shell code (allowed: letters, digits, . _ - / +)",
    );
    expect(err.data).toEqual({ problems: [expect.objectContaining({ file: '', severity: 'error' })] });
  });

  test('refuses a project with errors, summing up its problems', () => {
    const broken = buildProject('b', 'projects/b.sh', '#!/bin/bash\n');
    const err = thrown(() => renderUserData(broken, { GIT_USER: 'octocat', GIT_BRANCH: 'main' }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toBe(`projects/b.sh:1: missing required key 'name'; add a line such as "# fleeting-meta:name = My web app" (and 4 more problems)`);
    expect((err.data as { problems: unknown[] }).problems).toHaveLength(5);
  });

  test('refuses user-data over the EC2 limit, giving the size', () => {
    const big = buildProject('big', 'projects/big.sh', goodSource('{{ PAD }}'));
    const err = thrown(() => renderUserData(big, { GIT_USER: 'octocat', GIT_BRANCH: 'main', PAD: 'x'.repeat(13000) }));
    expect(err.message).toMatch(/^projects\/big\.sh: user-data is 17 \d{3} bytes once base64-encoded; EC2 allows at most 16 384 bytes\. Move large content/);
  });

  test('accepts user-data exactly at the limit', () => {
    const plain = buildProject('p', 'projects/p.sh', goodSource('{{ PAD }}'));
    const base = renderUserData(plain, { GIT_USER: 'o', GIT_BRANCH: 'm', PAD: '' }).bytes;
    const pad = 'x'.repeat((USER_DATA_LIMIT_BYTES / 4) * 3 - base);
    expect(renderUserData(plain, { GIT_USER: 'o', GIT_BRANCH: 'm', PAD: pad }).base64Bytes).toBe(USER_DATA_LIMIT_BYTES);
    expect(() => renderUserData(plain, { GIT_USER: 'o', GIT_BRANCH: 'm', PAD: `${pad}x` })).toThrow(FlotillaError);
  });
});
