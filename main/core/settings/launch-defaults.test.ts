import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FlotillaError } from '../../contract/errors';
import { projectIdRule } from './launch-defaults';
import { createSettingsService } from './service';
import { createMemorySettingsStore } from './store';
import { silentLogger, tempDir, type TempDir } from './settings.test-helpers';

const CONFIG = `; instance.config for the butter product
[EC2]
ImageID = ami-0aaaaaaaaaaaaaaaa
InstanceType = t3.large
InstanceCount = 2
SecurityGroup = sg-0123456789abcdef0
Region = eu-west-1
`;

async function rejection(promise: Promise<unknown>): Promise<FlotillaError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (error instanceof FlotillaError) return error;
  throw new Error(`expected a FlotillaError, got ${String(error)}`);
}

describe('launch defaults from an instance.config', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = await tempDir('flotilla-launch-defaults-');
  });
  afterEach(() => tmp.cleanup());

  async function start() {
    const store = createMemorySettingsStore();
    const service = await createSettingsService({ store, logger: silentLogger, home: tmp.dir, projectIds: async () => ['butter', 'jam', 'toast'] });
    return { store, service };
  }

  async function config(folder: string, text = CONFIG): Promise<string> {
    const dir = path.join(tmp.dir, 'work', folder);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'instance.config'), text);
    return path.join(dir, 'instance.config');
  }

  test("are stored for the file's folder when it is a project, and saved in the settings file", async () => {
    const { store, service } = await start();
    const result = await service.api.importIni({ kind: 'instance-config', path: await config('butter') });
    expect([result.project, result.changed, result.problems]).toEqual(['butter', ['launchDefaults'], []]);
    const stored = {
      imageId: 'ami-0aaaaaaaaaaaaaaaa',
      instanceType: 't3.large',
      region: 'eu-west-1',
      count: 2,
      securityGroupId: 'sg-0123456789abcdef0',
      source: '~/work/butter/instance.config',
    };
    expect(result.settings.launchDefaults).toEqual({ butter: stored });
    expect((store.value as { launchDefaults: unknown }).launchDefaults).toEqual({ butter: stored });
  });

  test('the project named wins over the folder; an unknown one or none is refused with the list', async () => {
    const { service } = await start();
    const file = await config('checkout');
    expect((await service.api.importIni({ kind: 'instance-config', path: file, project: 'jam' })).project).toBe('jam');
    const none = await rejection(service.api.importIni({ kind: 'instance-config', path: file }));
    expect([none.code, none.message, none.data]).toEqual([
      'invalid-input',
      "Say which project ~/work/checkout/instance.config sets the launch defaults of (the projects are butter, jam, toast); its folder 'checkout' is not a project id.",
      { field: 'project' },
    ]);
    expect((await rejection(service.api.importIni({ kind: 'instance-config', path: file, project: 'jamm' }))).message).toBe("There is no project 'jamm'; did you mean 'jam'?");
    expect(Object.keys(service.current().launchDefaults)).toEqual(['jam']);
  });

  test('a group name and a subnet are not kept, with a warning each', async () => {
    const { service } = await start();
    const file = await config('toast', CONFIG.replace('sg-0123456789abcdef0', 'web-servers') + 'SubnetId = subnet-0123456789abcdef0\n');
    const result = await service.api.importIni({ kind: 'instance-config', path: file });
    expect(result.settings.launchDefaults.toast).toMatchObject({ securityGroupId: null, imageId: 'ami-0aaaaaaaaaaaaaaaa' });
    expect(result.problems.map((p) => [p.severity, p.key])).toEqual([
      ['warning', 'SecurityGroup'],
      ['warning', 'SubnetId'],
    ]);
  });

  test('a bad instance.config stores nothing', async () => {
    const { service } = await start();
    const error = await rejection(service.api.importIni({ kind: 'instance-config', path: await config('butter', CONFIG.replace('ami-0aaaaaaaaaaaaaaaa', 'ami-xyz')) }));
    expect(error.message).toMatch(/^Nothing was imported from ~\/work\/butter\/instance\.config: .*'ami-xyz' is not an AMI id/);
    expect(service.current().launchDefaults).toEqual({});
  });

  test('are removed with a patch that leaves the project out; bad values in a patch are refused by key', async () => {
    const { service } = await start();
    await service.api.importIni({ kind: 'instance-config', path: await config('butter') });
    await service.api.importIni({ kind: 'instance-config', path: await config('jam') });
    const { butter } = service.current().launchDefaults;
    const view = await service.api.update({ patch: { launchDefaults: { butter: butter! } } });
    expect(Object.keys(view.settings.launchDefaults)).toEqual(['butter']);

    const bad = await rejection(service.api.update({ patch: { launchDefaults: { butter: { ...butter!, imageId: 'ami-123', instanceType: 't3' } } } }));
    const problems = (bad.data as { problems: { key: string; message: string }[] }).problems.map((p) => [p.key, p.message]);
    expect(problems).toEqual([
      ['launchDefaults.butter.imageId', "'ami-123' is not an AMI id"],
      ['launchDefaults.butter.instanceType', "'t3' is not an EC2 instance type"],
    ]);
    expect(service.current().launchDefaults.butter?.imageId).toBe('ami-0aaaaaaaaaaaaaaaa');
  });
});

describe('launch default option values', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = await tempDir('flotilla-launch-options-');
  });
  afterEach(() => tmp.cleanup());

  test('are stored per project by option name, survive a reload and a re-import of the instance.config', async () => {
    const store = createMemorySettingsStore();
    const service = await createSettingsService({ store, logger: silentLogger, home: tmp.dir, projectIds: async () => ['butter'] });
    const empty = { imageId: null, instanceType: null, region: null, count: null, securityGroupId: null, source: null };
    await service.api.update({ patch: { launchDefaults: { butter: { ...empty, options: { workers: '4', debug: 'true' } } } } });
    const reloaded = await createSettingsService({ store, logger: silentLogger, home: tmp.dir, projectIds: async () => ['butter'] });
    expect(reloaded.current().launchDefaults.butter?.options).toEqual({ workers: '4', debug: 'true' });

    const dir = path.join(tmp.dir, 'work', 'butter');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'instance.config'), CONFIG);
    await reloaded.api.importIni({ kind: 'instance-config', path: path.join(dir, 'instance.config') });
    expect(reloaded.current().launchDefaults.butter).toMatchObject({ imageId: 'ami-0aaaaaaaaaaaaaaaa', options: { workers: '4', debug: 'true' } });
  });

  test('a name that cannot be an option, or a value that is not one line of text, is refused by key', async () => {
    const service = await createSettingsService({ store: createMemorySettingsStore(), logger: silentLogger, home: tmp.dir, projectIds: async () => ['butter'] });
    const empty = { imageId: null, instanceType: null, region: null, count: null, securityGroupId: null, source: null };
    const bad = await rejection(service.api.update({ patch: { launchDefaults: { butter: { ...empty, options: { Workers: '4', site: 'a\nb', big: 'x'.repeat(1025) } } } } }));
    const problems = (bad.data as { problems: { key: string; message: string }[] }).problems.map((p) => [p.key, p.message]);
    expect(problems).toEqual([
      ['launchDefaults.butter.options.Workers', "'Workers' is not a template option name"],
      ['launchDefaults.butter.options.site', "'a\\nb' holds a control character"],
      ['launchDefaults.butter.options.big', 'is 1025 characters long'],
    ]);
    expect(service.current().launchDefaults).toEqual({});
  });
});

describe('projectIdRule', () => {
  test('takes a file name up to its first dot; refuses dots, slashes and every control character (DEL too)', () => {
    expect(projectIdRule('butter')).toBeNull();
    expect(projectIdRule('my project')).toBeNull();
    for (const bad of ['a.b', 'a/b', 'a\\b', 'a\nb', 'a\x00b', 'a\x7fb', '']) expect(projectIdRule(bad)).toMatchObject({ message: expect.stringContaining('is not a project id') });
  });
});
