/**
 * EC2 calls per readiness poll cycle while tracking 10, 100 and 1000 instances (and 2500, to
 * show pagination), against a mocked EC2 that counts calls and pages at 1000 instances.
 * Target: at most 1 DescribeInstances per region per cycle, plus 1 per extra page.
 * Run: npm run bench -- instances-poll
 */
import { DescribeInstancesCommand, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { DEFAULT_TIMINGS } from '../../main/core/instances/deps';
import { TAG } from '../../main/core/instances/tags';
import { createTracker } from '../../main/core/instances/tracker';
import { ec2Instance, FakeClock, flotillaTags, silentLogger, testClients } from '../../main/core/instances/instances.test-helpers';
import { describeInstancesFake, type DescribeInstancesInput } from '../support/ec2-fake';

const PAGE = 1000;
const CYCLES = 5;
const ec2 = mockClient(EC2Client);

function fleet(count: number, region: string): Instance[] {
  return Array.from({ length: count }, (_, i) =>
    ec2Instance({
      id: `i-${region === 'us-east-1' ? '0' : '1'}${String(i).padStart(16, '0')}`,
      tags: flotillaTags({ [TAG.launchId]: `fl-${region}-${Math.floor(i / 20)}`, [TAG.readyUrl]: 'http://localhost:8080/health' }),
    }),
  );
}

async function measure(perRegion: Record<string, number>): Promise<{ tracked: number; regions: number; callsPerCycle: number; pagesPerRegion: number; msPerCycle: number; target: number }> {
  const byRegion = Object.fromEntries(Object.entries(perRegion).map(([region, n]) => [region, fleet(n, region)]));
  let calls = 0;
  ec2.reset();
  const describe = describeInstancesFake((region) => byRegion[region]!);
  ec2.on(DescribeInstancesCommand).callsFake(async (input: DescribeInstancesInput, getClient) => {
    calls++;
    // EC2 pages at 1000 at most, whatever MaxResults asks.
    return describe({ ...input, MaxResults: Math.min(input.MaxResults ?? PAGE, PAGE) }, getClient);
  });
  const clock = new FakeClock();
  const tracker = createTracker({
    clients: testClients(),
    clock,
    logger: silentLogger,
    fetch: async () => new Response(null, { status: 503 }),
    timings: DEFAULT_TIMINGS,
    random: () => 0.5,
    hooks: { changed: () => {}, ready: () => {}, failed: () => {}, settled: () => {} },
  });
  const deadline = clock.now().getTime() + 86_400_000;
  tracker.track(Object.entries(byRegion).flatMap(([region, instances]) => instances.map((instance) => ({ instance, region, readyUrlTemplate: 'http://localhost:8080/health', deadline }))));
  const started = performance.now();
  for (let i = 0; i < CYCLES; i++) await tracker.pollNow();
  const msPerCycle = (performance.now() - started) / CYCLES;
  await tracker.stop();
  const tracked = Object.values(perRegion).reduce((a, b) => a + b, 0);
  const pagesPerRegion = Math.max(...Object.values(perRegion).map((n) => Math.max(1, Math.ceil(n / PAGE))));
  const target = Object.values(perRegion).reduce((sum, n) => sum + Math.max(1, Math.ceil(n / PAGE)), 0);
  return { tracked, regions: Object.keys(perRegion).length, callsPerCycle: calls / CYCLES, pagesPerRegion, msPerCycle, target };
}

const scenarios: Array<Record<string, number>> = [
  { 'us-east-1': 10 },
  { 'us-east-1': 100 },
  { 'us-east-1': 1000 },
  { 'us-east-1': 500, 'eu-west-1': 500 },
  { 'us-east-1': 2500 },
];

let failed = 0;
console.log(`DescribeInstances calls per poll cycle (mean of ${CYCLES} cycles; EC2 mocked, 1000 instances a page; every ready-url probed, answering 503)`);
console.log('tracked  regions  calls/cycle  target (1/region + extra pages)  ms/cycle  result');
for (const scenario of scenarios) {
  const r = await measure(scenario);
  const ok = r.callsPerCycle <= r.target;
  if (!ok) failed++;
  console.log(
    `${String(r.tracked).padStart(7)}  ${String(r.regions).padStart(7)}  ${r.callsPerCycle.toFixed(1).padStart(11)}  ${String(`<= ${r.target}`).padStart(31)}  ${r.msPerCycle.toFixed(1).padStart(8)}  ${ok ? 'ok' : 'OVER TARGET'}`,
  );
}
ec2.restore();
process.exit(failed ? 1 : 0);
