/**
 * Issue 15's "Done when" launch, shared by the core and CLI tests (imported only by tests): the
 * shipped Django app template and env file, a django_app release spooled to s3rver and made
 * current, and an AWS (EC2, STS, IAM, Secrets Manager) mocked with realistic answers.
 */
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, type IAMClientResolvedConfig, type ServiceInputTypes as IamInput, type ServiceOutputTypes as IamOutput } from '@aws-sdk/client-iam';
import {
  DescribeSecretCommand,
  type SecretsManagerClientResolvedConfig,
  type ServiceInputTypes as SecretsInput,
  type ServiceOutputTypes as SecretsOutput,
} from '@aws-sdk/client-secrets-manager';
import type { AwsStub } from 'aws-sdk-client-mock';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SpoolResult } from '../../contract/dto/revisions';
import { createAwsClientFactory } from '../aws/client-factory';
import { createProjectsService, type ProjectsService } from '../projects/service';
import { startFixture, tgzBytes, type Fixture } from '../revisions/revisions.test-helpers';
import { TEST_CREDENTIALS } from '../../../test/support/s3rver';
import type { Logger } from '../ports';
import { createInstancesService, type InstancesService } from './service';
import { projectsLookup } from './projects-lookup';
import { FakeClock, gitRunner, happyAws, silentLogger, testDeps, testSettings, type Ec2Mock, type Recorded, type StsMock } from './instances.test-helpers';

/** The shipped templates (projects/ at the repository root). */
const SHIPPED = join(__dirname, '..', '..', '..', 'projects');
export const DJANGO_IMAGE = 'ami-0a7c1e3d5b9f24e86';
export const PROFILE = 'django-app';
export const SECRET = 'django-app/secret-key';

export interface AppLaunch {
  service: InstancesService;
  projects: ProjectsService;
  /** What the service emitted (events, notifications, ...). */
  recorded: Recorded;
  release: SpoolResult;
  /** The spooled file's bytes. */
  body: Buffer;
  bucket: string;
  close(): Promise<void>;
}

export interface AppLaunchMocks {
  ec2: Ec2Mock;
  sts: StsMock;
  iam: AwsStub<IamInput, IamOutput, IAMClientResolvedConfig>;
  secrets: AwsStub<SecretsInput, SecretsOutput, SecretsManagerClientResolvedConfig>;
}

/**
 * The Django app as a team would set it up: the shipped template with an instance profile added
 * (its env then may hold references) and the shipped env file with its commented secret reference
 * switched on. A django_app release is spooled and blessed as current.
 */
export interface AppLaunchOptions {
  /** Receives the projects' and the instances' logs (default: none kept). */
  logger?: Logger;
  /** Lines appended to the shipped env file. */
  envLines?: string[];
}

export async function startAppLaunch(mocks: AppLaunchMocks, options: AppLaunchOptions = {}): Promise<AppLaunch> {
  const logger = options.logger ?? silentLogger;
  const fx: Fixture = await startFixture();
  const projectsDir = join(fx.dir, 'projects');
  await mkdir(projectsDir);
  const template = await readFile(join(SHIPPED, 'django-app.sh.njk'), 'utf8');
  await writeFile(join(projectsDir, 'django-app.sh.njk'), template.replace('# fleeting-meta:package = django_app\n', `# fleeting-meta:package = django_app\n# fleeting-meta:iam-instance-profile = ${PROFILE}\n`));
  const env = await readFile(join(SHIPPED, 'django-app.env'), 'utf8');
  const envText = env.replace(`# DJANGO_SECRET_KEY=secretsmanager:${SECRET}`, `DJANGO_SECRET_KEY=secretsmanager:${SECRET}`);
  await writeFile(join(projectsDir, 'django-app.env'), [envText, ...(options.envLines ?? [])].join('\n'));

  const body = tgzBytes([{ path: 'manage.py', body: 'print("django")\n' }, { path: 'requirements.txt', body: 'django\n' }]);
  const file = join(fx.dir, 'django_app.tgz');
  await writeFile(file, body);
  const release = await fx.service().spool({ path: file });
  await fx.service().jumpMaster({ revision: release.name });

  const projects: ProjectsService = await createProjectsService({ dir: projectsDir, logger, watch: false, onChange: () => undefined });
  answerAsApp(mocks);

  const clients = createAwsClientFactory({ env: { AWS_ENDPOINT_URL_S3: fx.server.endpoint }, credentials: async () => TEST_CREDENTIALS });
  const { deps, recorded } = testDeps({
    clients,
    projects: projectsLookup(projects),
    runner: gitRunner(['feature/x']),
    settings: () => testSettings({ revisionsBucket: fx.server.bucket, regions: ['eu-west-1'], defaultRegion: 'eu-west-1', keyPairs: { 'eu-west-1': 'ada' } }),
    // Real time: s3rver checks a presigned URL's expiry against it.
    ports: { ...testDeps().deps.ports, clock: new FakeClock(Date.now()), logger },
  });
  const service = createInstancesService(deps);
  return {
    service,
    projects,
    recorded,
    release,
    body,
    bucket: fx.server.bucket,
    close: async () => {
      await service.close();
      await projects.close();
      clients.destroy();
      await fx.close();
    },
  };
}

/** The AWS the Django app launches into (EC2, STS, IAM, Secrets Manager answers); again after a test changed one. */
export function answerAsApp(mocks: AppLaunchMocks): void {
  happyAws(mocks.ec2, mocks.sts);
  mocks.ec2.on(DescribeImagesCommand).resolves({
    Images: [
      {
        ImageId: DJANGO_IMAGE,
        Name: 'ubuntu-noble-24.04-amd64',
        State: 'available',
        RootDeviceName: '/dev/sda1',
        RootDeviceType: 'ebs',
        BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { SnapshotId: 'snap-0a1b2c3d4e5f60718', VolumeSize: 8, VolumeType: 'gp3', DeleteOnTermination: true, Encrypted: false } }],
        CreationDate: '2025-05-01T00:00:00.000Z',
      },
    ],
  });
  const created = new Date('2025-01-01T00:00:00Z');
  mocks.iam.on(GetInstanceProfileCommand).resolves({
    InstanceProfile: {
      InstanceProfileName: PROFILE,
      InstanceProfileId: 'AIPAEXAMPLE1234567890',
      Arn: `arn:aws:iam::123456789012:instance-profile/${PROFILE}`,
      Path: '/',
      CreateDate: created,
      Roles: [{ RoleName: 'django-app-role', RoleId: 'AROAEXAMPLE1234567890', Arn: 'arn:aws:iam::123456789012:role/django-app-role', Path: '/', CreateDate: created }],
    },
  });
  mocks.secrets.on(DescribeSecretCommand).resolves({ ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${SECRET}-AbCdEf`, Name: SECRET });
}
