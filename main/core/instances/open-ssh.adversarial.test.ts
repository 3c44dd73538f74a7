// Attacks on openSsh from outside data: an EC2-compatible endpoint's addresses, a project
// template's `fleeting-meta:ssh-user`, the settings' SSH user and key file. ssh reads options
// before the destination (ssh(1): `ssh [options] destination [command]`), so a destination or a
// user that starts with `-` would be an option (`-oProxyCommand=...` runs a local program).
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { createInstancesService } from './service';
import { TAG } from './tags';
import { describeInstancesFake, ec2Instance, fakeProjects, flotillaTags, loadedProject, mockedAws, testDeps, testSettings, WEB_SOURCE } from './instances.test-helpers';

const { ec2 } = mockedAws();

const ID = 'i-0123456789abcdef0';
const EVIL = ['-oProxyCommand=touch /tmp/flotilla-pwned', '-oProxyCommand=x', 'a;b', 'a b', 'a\nb', '$(id)', 'a|b', 'a&b', '`id`', 'a"b', "a'b", '[-oProxyCommand=x]', 'a@b'];

describe('openSsh never hands the terminal an option disguised as a host or a user', () => {
  test('a hostile PublicDnsName (or, without one, PublicIpAddress) is refused before any terminal starts', async () => {
    for (const bad of EVIL) {
      for (const spec of [{ dns: bad }, { dns: '', ip: bad }]) {
        ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID, ...spec })]));
        const { deps, recorded } = testDeps();
        await expect(createInstancesService(deps).api.openSsh({ id: ID }), JSON.stringify(spec)).rejects.toMatchObject({ code: 'invalid-input' });
        expect(recorded.terminal).toEqual([]);
      }
    }
  });

  test("a template's fleeting-meta:ssh-user, or the settings' SSH user, that is not a user name is refused", async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID })]));
    let reachedOpenSsh = 0;
    for (const bad of EVIL.filter((b) => !b.includes('\n'))) {
      const source = WEB_SOURCE.replace('# fleeting-meta:ssh-user = ubuntu', `# fleeting-meta:ssh-user = ${bad}`);
      let project;
      try {
        project = loadedProject('web', source);
      } catch {
        continue; // refused when the template is read: also fine
      }
      const { deps, recorded } = testDeps({ projects: fakeProjects([project]) });
      reachedOpenSsh++;
      await expect(createInstancesService(deps).api.openSsh({ id: ID }), bad).rejects.toMatchObject({ code: 'invalid-input' });
      expect(recorded.terminal).toEqual([]);
    }
    expect(reachedOpenSsh).toBeGreaterThan(0); // the templates are not all refused earlier: openSsh's own check is what is tested
    for (const bad of EVIL) {
      const { deps, recorded } = testDeps({ projects: fakeProjects([]), settings: () => testSettings({ sshUser: bad }) });
      await expect(createInstancesService(deps).api.openSsh({ id: ID }), bad).rejects.toMatchObject({ code: 'invalid-input' });
      expect(recorded.terminal).toEqual([]);
    }
  });

  test('a key file that looks like an option stays the value of -i (ssh takes the next argument whatever it is)', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID })]));
    const keyFile = '-oProxyCommand=touch /tmp/flotilla-pwned';
    const { deps, recorded } = testDeps({ settings: () => testSettings({ sshKeyFile: { 'us-east-1': keyFile } }) });
    await createInstancesService(deps).api.openSsh({ id: ID });
    expect(recorded.terminal).toEqual([{ command: 'ssh', args: ['-i', keyFile, '-o', 'StrictHostKeyChecking=accept-new', 'ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com'] }]);
  });

  test('the copyable command text stays one word per argument in fish too (a backslash is never left inside single quotes)', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID })]));
    // fish reads \' inside single quotes as a quote (fish-language(1), "Quotes"): pasted there, the
    // old text ran `touch` (see main/core/terminal/argv-round-trip.adversarial.test.ts).
    const keyFile = "/Users/ada/keys/a\\';touch /tmp/flotilla-pwned;#.pem";
    const { deps } = testDeps({ settings: () => testSettings({ sshKeyFile: { 'us-east-1': keyFile } }) });
    const { text } = await createInstancesService(deps).api.sshCommand({ id: ID });
    expect(text).toBe("ssh -i '/Users/ada/keys/a'\\\\''\\'';touch /tmp/flotilla-pwned;#.pem' -o StrictHostKeyChecking=accept-new ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com");
  });
});

describe('openUrl only ever hands the opener an http(s) URL', () => {
  test('a hostile flotilla:ready-url tag or address cannot choose another scheme (file:, smb:, ms-msdt:, search-ms:, javascript:)', async () => {
    const tags = ['file:///C:/Windows/System32/calc.exe', 'smb://evil/share', 'ms-msdt:/id PCWDiagnostic', 'search-ms:query=x&crumb=location:\\\\evil\\s', 'javascript:alert(1)', 'HTTP://ok.example/'];
    const hosts = ['evil.example/x', 'file:', 'a b', 'ec2-203-0-113-10.compute-1.amazonaws.com'];
    for (const readyUrl of tags) {
      for (const dns of hosts) {
        ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID, dns, tags: { ...flotillaTags(), [TAG.readyUrl]: readyUrl } })]));
        const { deps, recorded } = testDeps({ projects: fakeProjects([]) });
        await createInstancesService(deps).api.openUrl({ id: ID }).catch(() => null);
        for (const url of recorded.opened) expect(url, `${readyUrl} on ${dns}`).toMatch(/^https?:\/\//i);
      }
    }
  });
});

