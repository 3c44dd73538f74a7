import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadEnvFile, MAX_ENV_FILE_BYTES, parseEnvFile, parseEnvReference } from './env-file';
import { formatByteCount } from '../../contract/format-bytes';
import { tempProjects } from './projects.test-helpers';

const FILE = 'projects/app.env';
const parse = (text: string) => parseEnvFile(FILE, text);
const found = (text: string) => parse(text).findings.map((f) => [f.severity, f.line, f.message]);

describe('parseEnvFile', () => {
  test('reads NAME=value lines, comments, blank lines, export and quotes', () => {
    const parsed = parse(
      [
        '# Django settings',
        '',
        'DJANGO_ALLOWED_HOSTS=*',
        '  export API_URL = https://api.example.com/v1?a=b&c=d  ',
        "GREETING='hello  world '",
        'QUOTED="say \'hi\' # not a comment"',
        'EMPTY=',
        'HASH=a # b',
        'DB_PASSWORD=ssm:/myapp/db-password',
        'API_KEY=secretsmanager:myapp/api-key',
        'ARN_KEY="secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:myapp/key-AbCdEf"',
      ].join('\r\n'),
    );
    expect(parsed.findings).toEqual([]);
    expect(parsed.values).toEqual({
      DJANGO_ALLOWED_HOSTS: '*',
      API_URL: 'https://api.example.com/v1?a=b&c=d',
      GREETING: 'hello  world ',
      QUOTED: "say 'hi' # not a comment",
      EMPTY: '',
      HASH: 'a # b',
      DB_PASSWORD: 'ssm:/myapp/db-password',
      API_KEY: 'secretsmanager:myapp/api-key',
      ARN_KEY: 'secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:myapp/key-AbCdEf',
    });
    expect(parsed.envFile).toEqual({
      file: FILE,
      entries: [
        { key: 'DJANGO_ALLOWED_HOSTS', line: 3, reference: null },
        { key: 'API_URL', line: 4, reference: null },
        { key: 'GREETING', line: 5, reference: null },
        { key: 'QUOTED', line: 6, reference: null },
        { key: 'EMPTY', line: 7, reference: null },
        { key: 'HASH', line: 8, reference: null },
        { key: 'DB_PASSWORD', line: 9, reference: { kind: 'ssm', name: '/myapp/db-password' } },
        { key: 'API_KEY', line: 10, reference: { kind: 'secretsmanager', name: 'myapp/api-key' } },
        { key: 'ARN_KEY', line: 11, reference: { kind: 'secretsmanager', name: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:myapp/key-AbCdEf' } },
      ],
    });
  });

  test('keeps the later of a duplicate key, warning on its line, and lists it there', () => {
    const parsed = parse('A=1\nB=2\nA=3');
    expect(parsed.values).toEqual({ A: '3', B: '2' });
    expect(parsed.envFile.entries.map((e) => [e.key, e.line])).toEqual([
      ['B', 2],
      ['A', 3],
    ]);
    expect(parsed.findings).toEqual([{ severity: 'warning', line: 3, key: 'A', message: 'A is already set on line 1; this later value wins' }]);
  });

  test('reports each bad line with its line, and leaves it out', () => {
    const text = [
      'api_url=x',
      '1ST=x',
      '=x',
      'MY-KEY=x',
      'just some words',
      'export',
      'OPEN="never closed',
      "MIXED='a\"",
      `LONG=${'x'.repeat(4097)}`,
      'BAD_SSM=ssm:my param',
      'BAD_SECRET=secretsmanager:',
      'BAD_SECRET2=secretsmanager:a b',
      'NUL=a\0b',
      'GOOD=ok',
    ].join('\n');
    const parsed = parse(text);
    expect(parsed.values).toEqual({ GOOD: 'ok' });
    expect(found(text)).toEqual([
      ['error', 1, "'api_url' is not a variable name: upper-case letters, digits and _, not starting with a digit; try API_URL"],
      ['error', 2, "'1ST' is not a variable name: upper-case letters, digits and _, not starting with a digit"],
      ['error', 3, 'this line has no name before =; write it as NAME=value, like API_URL=https://example.com'],
      ['error', 4, "'MY-KEY' is not a variable name: upper-case letters, digits and _, not starting with a digit; try MY_KEY"],
      ['error', 5, 'this line is not NAME=value (nor a # comment); write it as NAME=value, like API_URL=https://example.com'],
      ['error', 6, 'this line is not NAME=value (nor a # comment); write it as NAME=value, like API_URL=https://example.com'],
      ['error', 7, 'the value of OPEN starts with a quote that does not close at the end of the line; quote the whole value or none of it'],
      ['error', 8, 'the value of MIXED starts with a quote that does not close at the end of the line; quote the whole value or none of it'],
      ['error', 9, 'the value of LONG has 4097 characters; at most 4096 are allowed (keep large values in SSM or Secrets Manager)'],
      ['error', 10, "BAD_SSM: 'ssm:my param' is not an SSM parameter name (letters, digits and _ . - /, like ssm:/myapp/db-password)"],
      ['error', 11, expect.stringMatching(/^BAD_SECRET: 'secretsmanager:' is not a secret name/)],
      ['error', 12, expect.stringMatching(/^BAD_SECRET2: 'secretsmanager:a b' is not a secret name/)],
      ['error', 13, 'this line holds a NUL character, which a shell cannot hold; remove it'],
    ]);
  });

  test('accepts a value of exactly 4096 characters', () => {
    expect(parse(`LONG=${'x'.repeat(4096)}`).values['LONG']).toHaveLength(4096);
  });

  test('never quotes a value in a problem (values can be secrets)', () => {
    const secret = 'hunter2-TOPSECRET';
    const text = [`${secret}`, `PASSWORD="${secret}`, `PASSWORD2=${secret}${'x'.repeat(5000)}`, `lower=${secret}`, `A=${secret}\0`, `DUP=${secret}`, `DUP=${secret}`].join('\n');
    const messages = parse(text).findings.map((f) => f.message);
    expect(messages).toHaveLength(6);
    expect(messages.join('\n')).not.toContain('hunter2');
  });

  test('treats a UTF-8 byte-order mark as nothing', () => {
    expect(parse('\uFEFFA=1').values).toEqual({ A: '1' });
  });

  test('holds no inherited keys, whatever the file says', () => {
    const parsed = parse('__proto__=x\nconstructor=y\nTOSTRING=z');
    expect(Object.keys(parsed.values)).toEqual(['TOSTRING']);
    expect(Object.getPrototypeOf(parsed.values)).toBe(Object.prototype);
    expect(parsed.findings.map((f) => f.line)).toEqual([1, 2]);
  });
});

describe('parseEnvReference', () => {
  test.each([
    ['ssm:/a/b', { reference: { kind: 'ssm', name: '/a/b' } }],
    ['ssm:plain_name.v2-x', { reference: { kind: 'ssm', name: 'plain_name.v2-x' } }],
    [`ssm:/${'a'.repeat(1011)}`, { reference: { kind: 'ssm', name: `/${'a'.repeat(1011)}` } }],
    ['secretsmanager:a+b=c.d@e-f/g_h', { reference: { kind: 'secretsmanager', name: 'a+b=c.d@e-f/g_h' } }],
    ['plain', null],
    ['SSM:/a', null],
    ['https://ssm:x@host', null],
  ])('%j', (value, expected) => {
    expect(parseEnvReference(value)).toEqual(expected);
  });

  test.each(['ssm:', `ssm:/${'a'.repeat(1012)}`, 'ssm:/a b', 'ssm:$(id)', 'secretsmanager:a;b', `secretsmanager:${'a'.repeat(513)}`, 'secretsmanager:arn:aws:secretsmanager:eu-west-1:1234:secret:x'])(
    'refuses %j',
    (value) => {
      expect(parseEnvReference(value)).toEqual({ problem: expect.stringMatching(/is not an? (SSM parameter|secret) name/) });
    },
  );

  test('cuts a long bad name in the message', () => {
    const result = parseEnvReference(`ssm:${'x '.repeat(5000)}`);
    expect(result && 'problem' in result && result.problem.length).toBeLessThan(200);
  });
});

describe('loadEnvFile', () => {
  const SECRET = 'aws_secret_access_key = TOPSECRET-0123456789';

  test('reads a file of the folder', async () => {
    const t = await tempProjects({ 'app.env': 'A=1\n' });
    try {
      expect(await loadEnvFile(join(t.dir, 'app.env'), FILE)).toEqual({
        envFile: { file: FILE, entries: [{ key: 'A', line: 1, reference: null }] },
        values: { A: '1' },
        findings: [],
      });
    } finally {
      await t.cleanup();
    }
  });

  test('refuses a symbolic link, even to a valid env file outside the folder, without reading it', async () => {
    const t = await tempProjects({ 'x.sh': '' });
    try {
      const outside = join(t.root, 'credentials');
      await writeFile(outside, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`);
      await symlink(outside, join(t.dir, 'app.env'));
      const loaded = await loadEnvFile(join(t.dir, 'app.env'), FILE);
      expect(loaded).toEqual({
        envFile: { file: FILE, entries: [] },
        values: {},
        findings: [{ severity: 'error', message: 'this is a symbolic link; an env file must be a regular file in the projects folder' }],
      });
      expect(JSON.stringify(loaded)).not.toContain('TOPSECRET');
    } finally {
      await t.cleanup();
    }
  });

  test(`refuses a file over ${MAX_ENV_FILE_BYTES / 1024} KiB, a folder, and a file that is not UTF-8`, async () => {
    const t = await tempProjects({ 'big.env': `A=${'x'.repeat(MAX_ENV_FILE_BYTES)}\n`, 'ok.env': `A=${'x'.repeat(4000)}\n` });
    try {
      await mkdir(join(t.dir, 'dir.env'));
      await writeFile(join(t.dir, 'junk.env'), Buffer.from([0x41, 0x3d, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a]));
      const message = async (name: string) => (await loadEnvFile(join(t.dir, name), FILE)).findings.map((f) => f.message);
      expect(await message('big.env')).toEqual([
        `this file is ${formatByteCount(MAX_ENV_FILE_BYTES + 3)}; an env file must be at most 64 KiB (keep large values in SSM or Secrets Manager)`,
      ]);
      expect(await message('ok.env')).toEqual([]);
      expect(await message('dir.env')).toEqual(['this is not a regular file']);
      expect(await message('junk.env')).toEqual(['this file is not UTF-8 text; an env file holds NAME=value lines']);
    } finally {
      await t.cleanup();
    }
  });

  test('reports each line of binary junk that is valid UTF-8 without echoing it', async () => {
    const junk = Buffer.from('\x7fELF\x02\x01\x01\0\0\0\nKEY=\u0000\u0001\n\u001b[31m=red\n', 'utf8');
    const t = await tempProjects();
    try {
      await mkdir(t.dir);
      await writeFile(join(t.dir, 'junk.env'), junk);
      const loaded = await loadEnvFile(join(t.dir, 'junk.env'), FILE);
      expect(loaded.values).toEqual({});
      expect(loaded.findings.map((f) => [f.line, f.severity])).toEqual([
        [1, 'error'],
        [2, 'error'],
        [3, 'error'],
      ]);
      expect(loaded.findings.map((f) => f.message).join('\n')).not.toContain('ELF');
    } finally {
      await t.cleanup();
    }
  });
});
