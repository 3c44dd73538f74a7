/**
 * `npm run bench -- revisions`: spool and sync of a 1 GiB file (and of a 1 GiB .tar.gz) against
 * s3rver, beside `aws s3 cp` (+ `tar xzf`) on the same files and server when the AWS CLI exists
 * (BENCH_AWS, else /usr/bin/aws, else `aws` on PATH). Every measured step runs in its own child
 * process (this file, re-run with a role), so peak RSS is that step's alone, sampled every 50 ms;
 * the server is a child too. Prints figures and targets, and exits 1 when one is missed (after
 * printing them all); never fails because aws is missing. Temp files are removed at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as tarCreate } from 'tar';
import { createRevisionsService } from '../../main/core/revisions';
import { systemClock } from '../../main/core/shared/clock';
import { uploadFile } from '../../main/core/revisions/upload-file';
import { startS3rver, testS3Client, testS3Env } from '../support/s3rver';

const SIZE = Number(process.env.BENCH_BYTES ?? 1 << 30);
/** Each step runs this many times, ours and aws's interleaved; the best time of each is kept (the machine may be shared). */
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
/** The AWS CLI to compare with, or null. */
function findAws(): string | null {
  if (process.env.BENCH_AWS) return process.env.BENCH_AWS;
  if (existsSync('/usr/bin/aws')) return '/usr/bin/aws';
  const found = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout.trim();
  return found || null;
}
const AWS = findAws();
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const mb = (bytes: number) => bytes / (1 << 20);

interface Timed {
  seconds: number;
  serverCpu?: number;
}

interface Measured {
  seconds: number;
  peakRssMb: number;
  name?: string;
  /** Seconds from the start of the operation to the end of each phase (spool: hashing, uploading). */
  phases?: Record<string, number>;
  /** CPU seconds the s3rver process spent during the step (Linux only). */
  serverCpu?: number;
}

/** CPU seconds (user + system) a process has used so far, from /proc; null where there is no /proc. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function child(role: string, ...args: string[]): Promise<Measured> {
  const started = Date.now();
  const proc = spawn(process.execPath, [process.argv[1]!, role, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  const code = await new Promise<number | null>((r) => proc.on('exit', r));
  if (code !== 0) throw new Error(`${role} exited ${code}`);
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as Measured;
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

/** Runs in a child: one operation, sampling RSS; prints { peakRssMb, name } as its last line. */
async function role(name: string, args: string[]): Promise<void> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const [endpoint, bucket, arg] = args as [string, string, string];
  const s3 = testS3Client(endpoint);
  const options = { s3, bucket, logger: quiet, partSize: Number(process.env.BENCH_PART_MB ?? 0) << 20 || undefined, queueSize: Number(process.env.BENCH_QUEUE ?? 0) || undefined };
  let result = '';
  const t0 = Date.now();
  const phases: Record<string, number> = {};
  if (name === 'spool') {
    const service = createRevisionsService(options);
    result = (await service.spool({ path: arg, onProgress: (p) => (phases[p.phase] = (Date.now() - t0) / 1000) })).name;
    phases.done = (Date.now() - t0) / 1000;
    // Its one event comes when the phase starts (as the last part is sent); it ends with the spool.
    if (phases.finishing !== undefined) phases.finishing = phases.done;
  } else if (name === 'put') {
    // Reference only, not what spool does: the file as one streamed PutObject (no multipart).
    const size = (await stat(arg)).size;
    await uploadFile({ s3, bucket, logger: quiet }, { path: arg, size, key: 'reference/one-put', contentType: 'application/octet-stream', metadata: {}, partSize: size, queueSize: 1, clock: systemClock });
    phases.done = (Date.now() - t0) / 1000;
  } else if (name === 'sync') {
    // When the last byte arrived: what comes after is writing it, the end of the hashing and the checks.
    const onProgress = (p: { bytes: number; totalBytes: number }) => void (p.totalBytes > 0 && p.bytes >= p.totalBytes && (phases.received ??= (Date.now() - t0) / 1000));
    const report = await createRevisionsService({ ...options, root: arg }).sync({ onProgress });
    if (!report.ok) throw new Error(JSON.stringify(report));
    result = report.packages.map((p) => p.current).join(' ');
    phases.done = (Date.now() - t0) / 1000;
  }
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  s3.destroy();
  console.log(JSON.stringify({ peakRssMb: Math.round(mb(peak)), name: result, phases }));
}

/** Runs in a child: the server, until its stdin closes. */
async function serve(): Promise<void> {
  const server = await startS3rver({ bucket: 'bench' });
  console.log(JSON.stringify({ endpoint: server.endpoint, bucket: server.bucket }));
  process.stdin.resume();
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
}

function awsRun(env: Record<string, string>, ...args: string[]): number {
  const started = Date.now();
  const run = spawnSync(AWS!, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`aws ${args.join(' ')} exited ${run.status}`);
  return (Date.now() - started) / 1000;
}

async function writeRandom(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let done = 0; done < SIZE; done += 16 << 20) {
    if (!out.write(randomBytes(Math.min(16 << 20, SIZE - done)))) await new Promise((r) => out.once('drain', () => r(undefined)));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

async function bench(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'flotilla-bench-'));
  const server = spawn(process.execPath, [process.argv[1]!, 'serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const { endpoint, bucket } = await new Promise<{ endpoint: string; bucket: string }>((resolve) =>
      server.stdout!.once('data', (c: Buffer) => resolve(JSON.parse(String(c)))),
    );
    const raw = join(work, 'src', 'benchbin.bin');
    const tgz = join(work, 'src', 'benchtgz.tar.gz');
    await mkdir(join(work, 'src'));
    console.log(`writing ${mb(SIZE)} MiB of random bytes, and a .tar.gz of them (gzip -1) ...`);
    await writeRandom(raw);
    await new Promise<void>((resolve, reject) =>
      tarCreate({ cwd: join(work, 'src'), gzip: { level: 1 }, portable: true }, ['benchbin.bin'])
        .pipe(createWriteStream(tgz))
        .on('finish', resolve)
        .on('error', reject),
    );
    const tgzSize = (await stat(tgz)).size;

    const rows: string[][] = [];
    const floors: string[] = [];
    const missed: string[] = [];
    const cpu = (seconds: number | undefined) => (seconds === undefined ? '-' : `${seconds.toFixed(1)} s`);
    const row = (what: string, m: Measured, bytes: number, aws: Timed | null, target: number | null, rssTarget = 150) => {
      const ratio = aws === null ? null : aws.seconds / m.seconds;
      if (m.peakRssMb > rssTarget) missed.push(`${what}: peak RSS ${m.peakRssMb} MB > ${rssTarget} MB`);
      if (ratio !== null && target !== null && ratio < target) missed.push(`${what}: ${ratio.toFixed(2)}x aws < ${target}x`);
      rows.push([
        what,
        `${m.seconds.toFixed(2)} s`,
        `${(mb(bytes) / m.seconds).toFixed(0)} MB/s`,
        `${m.peakRssMb} MB ${m.peakRssMb <= rssTarget ? 'ok' : `> ${rssTarget}`}`,
        Object.entries(m.phases ?? {}).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '),
        cpu(m.serverCpu),
        aws === null ? '-' : `${aws.seconds.toFixed(2)} s`,
        cpu(aws?.serverCpu),
        ratio === null ? '-' : target === null ? `${ratio.toFixed(2)}x (no target)` : `${ratio.toFixed(2)}x (target >= ${target}x) ${ratio >= target ? 'ok' : 'MISSED'}`,
      ]);
    };
    // Every step is timed with the CPU the server spent meanwhile (all its threads: the event loop,
    // the garbage collector, the file-system pool), to show how much of each step is the server's.
    const serverPid = server.pid!;
    const onServer = async <T extends { seconds: number }>(step: () => Promise<T> | T): Promise<T & { serverCpu?: number }> => {
      const before = cpuSeconds(serverPid);
      const result = await step();
      const after = cpuSeconds(serverPid);
      return before === null || after === null ? result : { ...result, serverCpu: after - before };
    };
    const hasAws = AWS !== null;
    const version = AWS ? spawnSync(AWS, ['--version'], { encoding: 'utf8' }) : null;
    const awsVersion = version ? `${version.stdout}${version.stderr}`.trim().split(' ')[0] : '';
    const awsEnv = { ...testS3Env(endpoint, bucket), AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required' };
    const cp = (from: string, to: string) => awsRun(awsEnv, 's3', 'cp', '--endpoint-url', endpoint, '--only-show-errors', '--no-progress', from, to);

    const s3 = testS3Client(endpoint);
    const admin = createRevisionsService({ s3, bucket, logger: quiet });
    const best = <T extends Timed>(a: T | null, b: T | null): T | null => (a === null ? b : b === null ? a : a.seconds <= b.seconds ? a : b);
    for (const [label, file, pkg, bytes] of [['file', raw, 'benchbin', SIZE], ['tar.gz', tgz, 'benchtgz', tgzSize]] as const) {
      let spooled: Measured | null = null;
      let synced: Measured | null = null;
      let awsUp: Timed | null = null;
      let awsDown: Timed | null = null;
      let onePut: Measured | null = null;
      for (let run = 0; run < RUNS; run++) {
        const one = await onServer(() => child('spool', endpoint, bucket, file));
        spooled = best(spooled, one);
        // Only this revision in the bucket, current and without previous: sync fetches exactly it.
        await admin.jumpMaster({ revision: one.name! });
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${pkg}.previous` }));
        for (const old of (await admin.listRevisions({ package: pkg })).filter((r) => !r.current)) await admin.purgeMaster({ revision: old.name });
        const root = join(work, `root-${pkg}`);
        await mkdir(join(root, pkg), { recursive: true });
        synced = best(synced, await onServer(() => child('sync', endpoint, bucket, root)));
        await rm(root, { recursive: true, force: true });
        if (hasAws) {
          awsUp = best(awsUp, await onServer(() => ({ seconds: cp(file, `s3://${bucket}/aws/${pkg}`) })));
          const down = join(work, `aws-${pkg}`);
          await mkdir(down);
          const fetched = await onServer(() => ({ seconds: cp(`s3://${bucket}/aws/${pkg}`, join(down, label === 'file' ? 'x.bin' : 'x.tar.gz')) }));
          if (label === 'tar.gz') {
            const started = Date.now();
            spawnSync('tar', ['xzf', join(down, 'x.tar.gz'), '-C', down], { stdio: 'inherit' });
            fetched.seconds += (Date.now() - started) / 1000;
          }
          awsDown = best(awsDown, fetched);
          await rm(down, { recursive: true, force: true });
        }
        if (label === 'file') onePut = best(onePut, await onServer(() => child('put', endpoint, bucket, file)));
      }
      row(`spool ${label}`, spooled!, bytes, awsUp, 1.25);
      // A plain file: at least as fast as aws s3 cp, which checks nothing (sync checks SHA-256 and FTL's MD5).
      row(`sync ${label}`, synced!, bytes, awsDown, label === 'tar.gz' ? 1.1 : 1.0);
      if (onePut) row('(reference: one PutObject)', onePut, bytes, null, null);
      const p = spooled!.phases ?? {};
      if (awsUp && p.hashing !== undefined && p.uploading !== undefined && p.done !== undefined) {
        const hashing = p.hashing - (p.packing ?? 0);
        const sending = p.uploading - p.hashing;
        const joining = p.done - p.uploading;
        const budget = awsUp.seconds / 1.25;
        floors.push(
          `spool ${label}: hashing ${hashing.toFixed(1)} s + sending the parts ${sending.toFixed(1)} s + s3rver joining them ${joining.toFixed(1)} s. ` +
            `1.25x aws (${awsUp.seconds.toFixed(1)} s, which also sends every part and waits for the same join) allows ${budget.toFixed(1)} s in all: ` +
            `${(budget - joining - hashing).toFixed(1)} s to send the parts after the join and the hash.`,
        );
      }
    }
    s3.destroy();
    console.log(
      `\nrevisions against s3rver, ${mb(SIZE)} MiB, best of ${RUNS}, process wall time (aws: ${hasAws ? `${awsVersion} s3 cp` : 'NOT RUN: no AWS CLI (BENCH_AWS, /usr/bin/aws, PATH)'}; sync tar.gz vs aws s3 cp + tar xzf)`,
    );
    const head = ['step', 'time', 'throughput', 'peak RSS (<= 150 MB)', 'phases ended at (s, in process)', 's3rver CPU', 'aws', 's3rver CPU (aws)', 'aws / ours'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
    if (floors.length) {
      console.log('\nWhere spool\'s time goes. s3rver MD5s and writes every part as it arrives, then, on CompleteMultipartUpload, reads,');
      console.log('MD5s and writes them all again as one object, one stream at a time: the same join for any client (one PutObject has none).');
      for (const line of floors) console.log(`  ${line}`);
    }
    if (missed.length) {
      console.log(`\nMISSED ${missed.length} target(s):\n${missed.map((m) => `  ${m}`).join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    server.stdin!.end();
    await new Promise((r) => server.on('exit', r));
    await rm(work, { recursive: true, force: true });
  }
}

const [, , mode, ...rest] = process.argv;
if (mode === 'serve') await serve();
else if (mode === 'spool' || mode === 'sync' || mode === 'put') await role(mode, rest);
else await bench();
