import {
  amiRule,
  availabilityZoneRule,
  bucketRule,
  cidrRule,
  instanceCountRule,
  instanceTypeRule,
  integerRule,
  regionOfZone,
  regionRule,
  securityGroupRule,
  sshUserRule,
  ssmOutputPrefixRule,
  customTerminalRule,
  terminalRule,
  urlRule,
} from './rules';

describe('value rules', () => {
  test('regions: known codes pass; a typo gets the nearest; a zone is told apart', () => {
    expect(regionRule('eu-west-1')).toBeNull();
    expect(regionRule('us-gov-west-1')).toBeNull();
    expect(regionRule('eu-wst-1')).toEqual({ message: "'eu-wst-1' is not a known AWS region", fix: 'did you mean eu-west-1?' });
    expect(regionRule('us-east-1a')).toEqual({ message: "'us-east-1a' is an availability zone, not a region", fix: 'use the region us-east-1' });
    expect(regionRule('mars-north-1')?.fix).toBe('use a region code such as us-east-1 or eu-west-1');
  });

  test('availability zones', () => {
    expect(availabilityZoneRule('eu-west-1b')).toBeNull();
    // A region where a zone goes (launch.py's template) is used as the region: a warning.
    expect(availabilityZoneRule('eu-west-1')).toEqual({
      message: "'eu-west-1' is a region, not an availability zone",
      fix: 'Flotilla uses it as the region and pins no zone (to pin one, write a zone such as eu-west-1a)',
      severity: 'warning',
    });
    expect(regionOfZone('eu-west-1')).toBe('eu-west-1');
    expect(regionOfZone('eu-west-1b')).toBe('eu-west-1');
    expect(availabilityZoneRule('eu-wst-1a')?.fix).toBe('did you mean eu-west-1?');
    expect(availabilityZoneRule('zone 1')?.message).toBe("'zone 1' is not an availability zone");
  });

  test.each([
    ['ami-0123abcd', null],
    ['ami-0123456789abcdef0', null],
    ['ami-2bb7d44', 'use ami- followed by 8 or 17 hex digits, e.g. ami-0123456789abcdef0 (EC2 console → AMIs)'],
    ['ami-0123ABCD', 'write the AMI id in lowercase'],
    ['ubuntu', 'use ami- followed by 8 or 17 hex digits, e.g. ami-0123456789abcdef0 (EC2 console → AMIs)'],
  ])('AMI id %s', (value, fix) => {
    expect(amiRule(value)?.fix ?? null).toBe(fix);
  });

  test.each([
    ['t3.micro', null],
    ['m7g.2xlarge', null],
    ['m7i-flex.large', null],
    ['u-6tb1.112xlarge', null],
    ['c7g.metal', null],
    ['t9.micro', 'did you mean t3.micro?'],
    ['zz99.large', 'use a known family such as t3, t4g, m7i, m7g, c7i or r7i'],
    ['t3.huge', 'use nano, micro, small, medium, large, xlarge, 2xlarge, ... or metal'],
    ['t3micro', 'write family.size, e.g. t3.micro or m7g.2xlarge'],
  ])('instance type %s', (value, fix) => {
    expect(instanceTypeRule(value)?.fix ?? null).toBe(fix);
  });

  test('instance count is a whole number from 1 to 20', () => {
    expect(instanceCountRule('1')).toBeNull();
    expect(instanceCountRule('20')).toBeNull();
    for (const bad of ['0', '21', '25', '2.5', 'two', '-1']) expect(instanceCountRule(bad)?.fix).toBe('write a whole number from 1 to 20');
  });

  test('URLs, CIDRs, buckets, users, security groups, integers', () => {
    const url = urlRule('webhook URL');
    expect(url('https://hooks.example.com/x')).toBeNull();
    expect(url('hooks.example.com/x')).toEqual({ message: "'hooks.example.com/x' is not a URL", fix: 'write the webhook URL as https://host/path' });
    expect(url('ftp://example.com')?.message).toBe("'ftp://example.com' uses ftp");
    expect(cidrRule('203.0.113.7/32')).toBeNull();
    expect(cidrRule('2001:db8::/32')).toBeNull();
    expect(cidrRule('203.0.113.7/40')?.fix).toBe('write an address and prefix length, e.g. 203.0.113.7/32');
    expect(cidrRule('300.0.0.1/8')).not.toBeNull();
    expect(bucketRule('acme-releases')).toBeNull();
    expect(bucketRule('Acme_Releases')).not.toBeNull();
    for (const ok of ['flotilla-ssm-output/', 'ssm/out', "logs/(sync)_1.x*!'"]) expect(ssmOutputPrefixRule(ok)).toBeNull();
    for (const bad of ['/leading', 'a/../b', 'a//b', 'spa ce/', 'new\nline', 'a?b', 'ü', '', 'x'.repeat(201)]) expect(ssmOutputPrefixRule(bad)).not.toBeNull();
    expect(ssmOutputPrefixRule('x'.repeat(200))).toBeNull();
    expect(ssmOutputPrefixRule('../up')?.fix).toMatch(/without '\.\.'/);
    expect(sshUserRule('ec2-user')).toBeNull();
    expect(sshUserRule('Root User')).not.toBeNull();
    expect(securityGroupRule('sg-0123456789abcdef0')).toBeNull();
    expect(securityGroupRule('storefront-web')).toBeNull();
    expect(securityGroupRule('sg-xyz')?.fix).toBe('use sg- followed by 8 or 17 hex digits');
    expect(integerRule(1, 10, 'seconds')(11)).toEqual({ message: '11 is not a whole number from 1 to 10 seconds', fix: 'set a value from 1 to 10' });
    expect(integerRule(1, 10, 'seconds')(1.5)).not.toBeNull();
  });

  test('terminal: a known terminal’s id or custom, never a program name, path or command line', () => {
    for (const ok of ['konsole', 'gnome-terminal', 'x-terminal-emulator', 'Terminal', 'iTerm', 'wt', 'powershell', 'custom']) {
      expect(terminalRule(ok)).toBeNull();
    }
    for (const bad of ['xterm -e', 'xterm;rm -rf ~', '$(touch x)', '/usr/bin/xterm', 'C:\\Program Files\\Alacritty\\alacritty.exe', 'sh', 'tilda', '']) {
      expect(terminalRule(bad)?.fix).toMatch(/Choose program… in the desktop app/);
    }
    expect(terminalRule('')?.message).toBe("'' is not a terminal Flotilla knows");
  });

  test('customTerminal: an absolute path without control characters', () => {
    for (const ok of ['/usr/bin/xterm', '/opt/My Term/bin/term', 'C:\\Program Files\\Alacritty\\alacritty.exe']) expect(customTerminalRule(ok)).toBeNull();
    for (const bad of ['xterm', 'bin/xterm', '/usr/bin/xterm\n', 'C:\\tools\\term.bat', '\\\\server\\share\\t.exe', '']) expect(customTerminalRule(bad)).not.toBeNull();
  });

  test('values are shown escaped and cut short', () => {
    expect(regionRule('a\nb')?.message).toBe("'a\\nb' is not a known AWS region");
    expect(regionRule('x'.repeat(100))?.message).toMatch(/^'x{57}\.\.\.' is not/);
  });
});
