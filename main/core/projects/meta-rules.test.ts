import { parseMeta } from './meta';
import { KNOWN_META_KEYS, readOptions, validateMeta } from './meta-rules';

const good = {
  name: 'Demo',
  repo: 'octocat/hello-world',
  'image-id': 'ami-0123456789abcdef0',
  'instance-type': 't3.micro',
  'ready-url': 'http://localhost:8080/health',
};

function source(meta: Record<string, string>): string {
  return ['#!/bin/bash', ...Object.entries(meta).map(([k, v]) => `# fleeting-meta:${k} = ${v}`)].join('\n');
}

function messagesFor(meta: Record<string, string>): string[] {
  return validateMeta(parseMeta(source(meta))).map((f) => f.message);
}

describe('validateMeta', () => {
  test('accepts a complete, well-formed set of keys', () => {
    expect(messagesFor(good)).toEqual([]);
  });

  test('lists the known keys in one constant', () => {
    expect(KNOWN_META_KEYS).toEqual(expect.arrayContaining(['name', 'repo', 'image-id', 'instance-type', 'ready-url', 'region', 'ssh-user', 'ttl', 'tags', 'description', 'env', 'site', 'queue', 'role', 'root-volume-size']));
  });

  test('reports every missing required key at line 1 with the line to add', () => {
    const findings = validateMeta(parseMeta('#!/bin/bash\n'));
    expect(findings).toHaveLength(5);
    expect(findings.every((f) => f.severity === 'error' && f.line === 1)).toBe(true);
    expect(findings.map((f) => f.message)).toContain(
      `missing required key 'ready-url'; add a line such as "# fleeting-meta:ready-url = http://localhost:8080/health"`,
    );
  });

  test.each([
    ['ami-2bb7d44', "image-id 'ami-2bb7d44' is not an AMI id (ami- followed by 8 or 17 hex digits)"],
    ['ami-0123456789abcdef', "image-id 'ami-0123456789abcdef' is not an AMI id (ami- followed by 8 or 17 hex digits)"],
    ['ami-2BB7D44A', "image-id 'ami-2BB7D44A' is not an AMI id (ami- followed by 8 or 17 hex digits); write it in lowercase"],
    ['role:', "image-id 'role:' is not a role name (role: followed by letters, digits, '.', '_' or '-')"],
  ])('refuses image-id %s', (value, message) => {
    expect(messagesFor({ ...good, 'image-id': value })).toEqual([message]);
  });

  test.each(['ami-2bb7d44a', 'ami-0123456789abcdef0', 'role:web-base', 'role:ubuntu_24.04'])('accepts image-id %s', (value) => {
    expect(messagesFor({ ...good, 'image-id': value })).toEqual([]);
  });

  test.each(['1', '20', ' 100 ', '16384'])('accepts root-volume-size %j (GiB)', (value) => {
    expect(messagesFor({ ...good, 'root-volume-size': value })).toEqual([]);
  });

  test.each(['0', '4.5', '20GiB', '-8', '16385', ''])('refuses root-volume-size %j with its limits', (value) => {
    const findings = validateMeta(parseMeta(source({ ...good, 'root-volume-size': value })));
    expect(findings.map((f) => [f.severity, f.key, f.message])).toEqual([
      ['error', 'root-volume-size', `root-volume-size '${value.trim()}' is not a whole number of GiB from 1 to 16384 (like 20)`],
    ]);
  });

  test.each(['t3.micro', 'm7g.2xlarge', 'c6in.metal-48xl', 'u-6tb1.112xlarge', 'mac2-m2pro.metal'])('accepts instance-type %s', (value) => {
    expect(messagesFor({ ...good, 'instance-type': value })).toEqual([]);
  });

  test.each(['t3', 'T3.micro', 't3.', '.micro', 't3 micro', '3t.micro'])('refuses instance-type %j', (value) => {
    expect(messagesFor({ ...good, 'instance-type': value })).toEqual([
      `instance-type '${value}' is not an EC2 instance type (family.size, like t3.micro or m7g.2xlarge)`,
    ]);
  });

  test.each([
    ['octocat', "repo 'octocat' is not owner/repo (like octocat/hello-world)"],
    ['a/b/c', "repo 'a/b/c' is not owner/repo (like octocat/hello-world)"],
    ['-x/y', "repo '-x/y': owner '-x' begins with a hyphen, which GitHub user names cannot"],
    ['x/y z', "repo 'x/y z': the repository name 'y z' must be 1 to 100 letters, digits, '.', '_' or '-'"],
    ['x/..', "repo 'x/..': the repository name '..' must be 1 to 100 letters, digits, '.', '_' or '-'"],
  ])('refuses repo %s', (value, message) => {
    expect(messagesFor({ ...good, repo: value })).toEqual([message]);
  });

  test.each([
    ['localhost:8080/health', "ready-url 'localhost:8080/health' is not a URL (like http://localhost:8080/health)"],
    ['http://exa mple.com/', "ready-url 'http://exa mple.com/' is not a URL (like http://localhost:8080/health)"],
    ['/health', "ready-url '/health' is not a URL (like http://localhost:8080/health)"],
    ['ftp://x/y', "ready-url 'ftp://x/y' uses ftp; Flotilla checks readiness over http or https"],
  ])('refuses ready-url %s', (value, message) => {
    expect(messagesFor({ ...good, 'ready-url': value })).toEqual([message]);
  });

  test('refuses an empty name', () => {
    expect(messagesFor({ ...good, name: '' })).toEqual(['name is empty; give the project a name people recognise']);
  });

  test('warns about an unknown key, suggesting the nearest known one', () => {
    const findings = validateMeta(parseMeta(source({ ...good, 'redy-url': 'x' })));
    expect(findings).toEqual([{ severity: 'warning', line: 7, key: 'redy-url', message: "unknown key 'redy-url'; did you mean 'ready-url'?" }]);
  });

  test('lists the known keys when nothing is close', () => {
    expect(messagesFor({ ...good, flavour: 'x' })[0]).toMatch(/^unknown key 'flavour'; the known keys are name, repo, image-id/);
  });

  test('keeps optional keys without complaint', () => {
    expect(messagesFor({ ...good, region: 'eu-west-1', 'ssh-user': 'ubuntu', ttl: '4h', tags: 'role=web, env=dev' })).toEqual([]);
  });

  test.each(['my_site', 'django_app', 'A-b_9'])('accepts package %s', (value) => {
    expect(messagesFor({ ...good, package: value })).toEqual([]);
  });

  test.each([
    ['my site', "package: the package name 'my site' holds a space: a package name may hold only the letters A-Z and a-z, the digits 0-9, '_' and '-'. Rename it, e.g. my_site (the package is the one the revisions bucket holds, like my_site)"],
    ['my_site.tar.gz', expect.stringMatching(/^package: the package name 'my_site\.tar\.gz' holds '\.'/)],
    ['', expect.stringMatching(/^package: the package name is empty/)],
    ['$(reboot)', expect.stringMatching(/^package: the package name '\$\(reboot\)' holds '\$', '\(', '\)'/)],
  ])('refuses package %j as an error on its line', (value, message) => {
    const findings = validateMeta(parseMeta(source({ ...good, package: value })));
    expect(findings).toEqual([{ severity: 'error', line: 7, key: 'package', message }]);
  });

  test.each([
    ['access', 'ssm'], ['access', 'both'], ['access', 'ssh'],
    ['market', 'spot'], ['market', 'spot-or-on-demand'], ['market', 'on-demand'],
  ])('accepts %s = %s', (key, value) => {
    expect(messagesFor({ ...good, [key]: value })).toEqual([]);
  });

  test.each([
    ['access', 'SSM', "access 'SSM' is not one of ssh, ssm, both"],
    ['access', 'ssh;reboot', "access 'ssh;reboot' is not one of ssh, ssm, both"],
    ['market', 'spot-or-ondemand', "market 'spot-or-ondemand' is not one of on-demand, spot, spot-or-on-demand"],
  ])('refuses %s = %j, naming the choices', (key, value, start) => {
    const [message] = messagesFor({ ...good, [key]: value });
    expect(message?.startsWith(`${start} (`)).toBe(true);
  });

  test.each([
    'web-app',
    'Web_App+1=a,b.c@d',
    'x'.repeat(128),
    'arn:aws:iam::123456789012:instance-profile/web-app',
    'arn:aws-us-gov:iam::123456789012:instance-profile/team/apps/web-app',
    'arn:aws-cn:iam::123456789012:instance-profile/web',
  ])('accepts iam-instance-profile %s', (value) => {
    expect(messagesFor({ ...good, 'iam-instance-profile': value })).toEqual([]);
  });

  test.each([
    ['web app', "iam-instance-profile 'web app' is not an instance profile name (1 to 128 letters, digits and + = , . @ _ -, like web-app) nor an instance profile ARN"],
    ['x'.repeat(129), expect.stringMatching(/^iam-instance-profile 'x{77}\.\.\.' is not an instance profile name/)],
    ['', expect.stringMatching(/^iam-instance-profile '' is not an instance profile name/)],
    ['arn:aws:iam::123456789012:role/web-app', expect.stringMatching(/is not an instance profile ARN .*; a role's ARN is not one/)],
    ['arn:aws:iam::12345:instance-profile/web', expect.stringMatching(/is not an instance profile ARN/)],
    ['arn:aws:iam::123456789012:instance-profile/', expect.stringMatching(/is not an instance profile ARN/)],
    ['web\tx', "iam-instance-profile 'web\\tx' is not an instance profile name (1 to 128 letters, digits and + = , . @ _ -, like web-app) nor an instance profile ARN"],
  ])('refuses iam-instance-profile %j', (value, message) => {
    const findings = validateMeta(parseMeta(source({ ...good, 'iam-instance-profile': value })));
    expect(findings).toEqual([{ severity: 'error', line: 7, key: 'iam-instance-profile', message }]);
  });

  test('does not warn about option keys (readOptions checks them)', () => {
    expect(messagesFor({ ...good, 'option.workers': 'int 2', 'option.Bad': 'x' })).toEqual([]);
  });
});

describe('readOptions', () => {
  const read = (lines: string[]) => readOptions(parseMeta(['#!/bin/bash', ...lines].join('\n')));

  test('answers the declarations in file order', () => {
    const { options, findings } = read([
      '# fleeting-meta:option.workers = int(1..16) 3 "gunicorn workers"',
      '# fleeting-meta:name = x',
      '# fleeting-meta:option.debug = bool false',
      '# fleeting-meta:option.site = enum(main,staging) main "which site"',
    ]);
    expect(findings).toEqual([]);
    expect(options).toEqual([
      { name: 'workers', type: 'int', default: '3', choices: [], min: 1, max: 16, description: 'gunicorn workers', line: 2 },
      { name: 'debug', type: 'bool', default: 'false', choices: [], description: null, line: 4 },
      { name: 'site', type: 'enum', default: 'main', choices: ['main', 'staging'], description: 'which site', line: 5 },
    ]);
  });

  test('keeps the later of two declarations of one option, at its place', () => {
    const { options } = read(['# fleeting-meta:option.a = int 1', '# fleeting-meta:option.b = int 2', '# fleeting-meta:option.a = bool true']);
    expect(options.map((o) => [o.name, o.type, o.line])).toEqual([
      ['b', 'int', 3],
      ['a', 'bool', 4],
    ]);
  });

  test('turns each invalid declaration into an error on its line, naming the key, and leaves it out', () => {
    const { options, findings } = read([
      '# fleeting-meta:option.workers = int(1..16) 0',
      '# fleeting-meta:option.Max-Workers = int 2',
      '# fleeting-meta:option.constructor = string x',
      '# fleeting-meta:option.ok = string x',
    ]);
    expect(options.map((o) => o.name)).toEqual(['ok']);
    expect(findings).toEqual([
      { severity: 'error', line: 2, key: 'option.workers', message: "option workers must be a whole number from 1 to 16, not '0'; fix the default on this line" },
      { severity: 'error', line: 3, key: 'option.Max-Workers', message: expect.stringMatching(/^option name 'Max-Workers' must be lowercase .*; try 'max_workers'$/) },
      { severity: 'error', line: 4, key: 'option.constructor', message: expect.stringMatching(/^option name 'constructor' is a property every JavaScript value has/) },
    ]);
  });
});
