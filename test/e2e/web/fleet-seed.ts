/**
 * Instances put straight into the mocked EC2 of instances-fixture.ts, as teammates would have
 * launched them (every flotilla:* tag), so a spec about the fleet's screens needs no launch.
 */
import type { Instance } from '@aws-sdk/client-ec2';
import type { startMockedServe } from './instances-fixture';

type Mocked = Awaited<ReturnType<typeof startMockedServe>>;

export interface Seed {
  project: string;
  branch: string;
  /** The IAM user name of the owner (the signed-in user is `ada`). */
  owner?: string;
  /** Minutes since launch (default 30); under 1.5 s after launch the mock answers pending. */
  ageMinutes?: number;
  /** Hours left before expiry (default 3). */
  hoursLeft?: number;
  readyUrl?: string;
  ready?: boolean;
}

let next = 0x5eed0;

/** Adds running instances to the mocked fleet; returns their ids in order. */
export function seedFleet(mocked: Mocked, seeds: Seed[]): string[] {
  return seeds.map((seed) => {
    const id = `i-0${(next++).toString(16).padStart(16, '0')}`;
    const launchedAt = Date.now() - (seed.ageMinutes ?? 30) * 60_000;
    const tags = new Map<string, string>([
      ['Name', `${seed.project}/${seed.branch}`],
      ['flotilla:project', seed.project],
      ['flotilla:branch', seed.branch],
      ['flotilla:git-user', 'octocat'],
      ['flotilla:owner', `arn:aws:iam::123456789012:user/${seed.owner ?? 'ada'}`],
      ['flotilla:launch-id', 'fl-5eed5eed5eed'],
      ['flotilla:expires-at', new Date(Date.now() + (seed.hoursLeft ?? 3) * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')],
      ['flotilla:ready-url', seed.readyUrl ?? 'http://localhost:3000/health'],
      ['env', 'staging'],
    ]);
    if (seed.ready) tags.set('flotilla:ready-at', new Date(launchedAt + 60_000).toISOString());
    const instance: Instance = {
      InstanceId: id,
      ImageId: 'ami-0123456789abcdef0',
      InstanceType: 't3.small',
      KeyName: 'ada-laptop',
      LaunchTime: new Date(launchedAt),
      State: { Code: 16, Name: 'running' },
      PublicDnsName: '',
    };
    mocked.fleet.set(id, { instance, launchedAt, tags, terminated: false });
    return id;
  });
}
