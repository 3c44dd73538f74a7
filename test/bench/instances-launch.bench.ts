/**
 * Wall time to launch 20 instances vs 1, through the whole launch (pre-flight with STS, branch
 * check, image, type, key pair, public IP, dry run; security group; RunInstances), against a
 * mocked EC2/STS whose every call takes 80-300 ms (seeded), plus 3 ms per instance started.
 * Target: launching 20 takes at most 1.5x launching 1.
 * Run: npm run bench -- instances-launch
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { systemClock } from '../../main/core/shared/clock';
import { createInstancesService } from '../../main/core/instances/service';
import type { AwsClientFactory } from '../../main/core/aws/client-factory';
import { gitRunner, happyAws, testClients, testDeps } from '../../main/core/instances/instances.test-helpers';

const TRIALS = 5;
const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}
const latency = () => new Promise((resolve) => setTimeout(resolve, 80 + Math.round(random() * 220)));

/** The factory's clients, each call delayed: the happy mocked AWS, slowed down to realistic latency. */
function slowClients(inner: AwsClientFactory): { clients: AwsClientFactory; calls: () => number } {
  let calls = 0;
  const slow = <C extends object>(client: C): C =>
    new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== 'send') return Reflect.get(target, prop, receiver);
        return async (command: { input: { MaxCount?: number; DryRun?: boolean } }) => {
          calls++;
          await latency();
          const started = command.input.DryRun ? 0 : (command.input.MaxCount ?? 0);
          if (started) await new Promise((resolve) => setTimeout(resolve, 3 * started));
          return (target as unknown as { send(c: unknown): Promise<unknown> }).send(command);
        };
      },
    });
  const clients: AwsClientFactory = {
    ...inner,
    ec2: (region) => slow(inner.ec2(region)),
    sts: (region) => slow(inner.sts(region)),
    s3: (region) => slow(inner.s3(region)),
    identity: async (region) => {
      calls++;
      await latency();
      return inner.identity(region);
    },
  };
  return { clients, calls: () => calls };
}

async function launchOnce(count: number): Promise<{ ms: number; calls: number }> {
  ec2.reset();
  sts.reset();
  happyAws(ec2, sts);
  const counter = slowClients(testClients());
  const runner = gitRunner(['main']);
  const { deps } = testDeps({
    clients: counter.clients,
    ports: { ...testDeps().deps.ports, clock: systemClock },
    runner: { run: async (command, args, options) => (await latency(), runner.run(command, args, options)) },
    publicIp: async () => (await latency(), '198.51.100.7'),
    newLaunchId: () => `fl-bench-${count}`,
  });
  const service = createInstancesService(deps);
  const started = performance.now();
  const result = await service.api.launch({ project: 'web', gitUser: 'octocat', branch: 'main', count });
  const ms = performance.now() - started;
  await service.close();
  if (result.instances.length !== count) throw new Error(`launched ${result.instances.length} of ${count}`);
  return { ms, calls: counter.calls() };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const results: Record<number, { ms: number[]; calls: number }> = { 1: { ms: [], calls: 0 }, 20: { ms: [], calls: 0 } };
for (let trial = 0; trial < TRIALS; trial++) {
  for (const count of [1, 20]) {
    // The same latencies for both counts in a trial, so only what depends on the count differs.
    seed = 1000 + trial;
    const { ms, calls } = await launchOnce(count);
    results[count]!.ms.push(ms);
    results[count]!.calls = calls;
  }
}
ec2.restore();
sts.restore();

const one = median(results[1]!.ms);
const twenty = median(results[20]!.ms);
const ratio = twenty / one;
console.log(`Launch wall time, median of ${TRIALS} trials (mocked AWS, 80-300 ms a call, the same draws for both counts, +3 ms per instance started)`);
console.log(`  count  1: ${one.toFixed(0).padStart(5)} ms  (${results[1]!.calls} AWS calls)`);
console.log(`  count 20: ${twenty.toFixed(0).padStart(5)} ms  (${results[20]!.calls} AWS calls)`);
console.log(`  20 vs 1: ${ratio.toFixed(2)}x   target <= 1.50x   ${ratio <= 1.5 ? 'ok' : 'OVER TARGET'}`);
process.exit(ratio <= 1.5 ? 0 : 1);
