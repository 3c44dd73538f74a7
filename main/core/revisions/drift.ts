import pLimit from 'p-limit';
import type { DriftEntry, DriftReport, DriftState, HostStatus } from '../../contract/revisions/dto';
import { deleteKey, getText, listPages, type BucketContext } from './bucket';
import { readPointersAndTime } from './remote-catalog';
import { requirePackageName } from './rev-name';
import { decodeStatusId, legacyStatusPrefix, moveLegacyReport, statusKey, statusPrefix } from './status';

/** A live instance as drift needs it (the Instances feature's DTO satisfies it). */
export interface LiveInstance {
  id: string;
  region: string;
  name: string;
  state: string;
  publicDns: string | null;
  publicIp: string | null;
  /** The Flotilla project it was launched from ('' when unknown). */
  project?: string;
  /** Its `flotilla:revision` tag: the revision it was launched with (the Instances DTO's `revision`). */
  revision?: string | null;
}

/** The fleet, or why it is incomplete (then no report is called an orphan). */
export interface LiveFleet {
  instances: LiveInstance[];
  error: string | null;
}

export interface DriftOptions {
  now: Date;
  /** How long after the current pointer moved a server that has not reported since is stale. */
  staleAfterMs: number;
}

export const DEFAULT_STALE_AFTER_MS = 24 * 3_600_000;

interface Report {
  /** The server's id, from the key (statusKey). */
  id: string;
  key: string;
  status: HostStatus | null;
  problem: string | null;
}

/**
 * Which revision each live instance runs, from the agents' status objects, against the bucket's
 * current revision (states: see DriftState). A report belongs to the live instance whose id,
 * public DNS name or public IP is its key's id or its host. A live instance without a report is
 * listed as missing only when it is expected to run the package: its project has the package's
 * name, or another live instance of its project has reported for the package. The others are
 * only counted (`otherInstances`), so a fleet of many products does not list every instance under
 * every package.
 */
export async function driftOf(ctx: BucketContext, pkgName: string, fleet: LiveFleet, options: DriftOptions): Promise<DriftReport> {
  const pkg = requirePackageName(pkgName);
  const [{ pointers, currentSince }, reports] = await Promise.all([readPointersAndTime(ctx, pkg), readReports(ctx, pkg)]);
  const byName = new Map<string, LiveInstance>();
  for (const instance of fleet.instances) {
    for (const name of [instance.id, instance.publicDns, instance.publicIp]) if (name) byName.set(name.toLowerCase(), instance);
  }

  const stateOf = (report: Report): DriftState => {
    if (!report.status) return 'stale';
    if (report.status.revision === pointers.current) return 'current';
    const reported = Date.parse(report.status.time);
    const moved = currentSince ? Date.parse(currentSince) : NaN;
    if (pointers.current && reported < moved && options.now.getTime() - moved > options.staleAfterMs) return 'stale';
    return 'behind';
  };

  // The newest report per instance (an agent renamed by FTL_STATUS_ID leaves its old one behind).
  const matched = new Map<string, { instance: LiveInstance; report: Report }>();
  const entries: DriftEntry[] = [];
  for (const report of reports) {
    const names = [report.id, report.status?.host].filter((n): n is string => Boolean(n)).map((n) => n.toLowerCase());
    const instance = names.map((n) => byName.get(n)).find(Boolean);
    if (instance) {
      const seen = matched.get(instance.id);
      if (!seen || reportTime(report) > reportTime(seen.report)) matched.set(instance.id, { instance, report });
      continue;
    }
    entries.push(entry(report.id, null, report, fleet.error ? stateOf(report) : 'orphan'));
  }
  const serving = new Set([...matched.values()].map(({ instance }) => instance.project).filter(Boolean));
  let otherInstances = 0;
  for (const instance of fleet.instances) {
    const hit = matched.get(instance.id);
    if (hit) entries.push(entry(instance.id, instance, hit.report, stateOf(hit.report)));
    else if (instance.project && (instance.project === pkg || serving.has(instance.project))) entries.push(entry(instance.id, instance, null, 'missing'));
    else otherInstances += 1;
  }
  entries.sort((a, b) => ORDER[a.state] - ORDER[b.state] || (a.instance?.name ?? a.id).localeCompare(b.instance?.name ?? b.id) || a.id.localeCompare(b.id));
  return {
    package: pkg,
    current: pointers.current,
    currentSince,
    staleAfterHours: options.staleAfterMs / 3_600_000,
    entries,
    otherInstances,
    instancesError: fleet.error,
    checkedAt: options.now.toISOString(),
  };
}

const ORDER: Record<DriftState, number> = { stale: 0, behind: 1, missing: 2, current: 3, orphan: 4 };

function reportTime(report: Report): number {
  const t = report.status ? Date.parse(report.status.time) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

function entry(id: string, instance: LiveInstance | null, report: Report | null, state: DriftState): DriftEntry {
  return {
    id,
    instance: instance && { id: instance.id, region: instance.region, name: instance.name, state: instance.state },
    revision: report?.status?.revision ?? null,
    launchedWith: instance?.revision ?? null,
    reportedAt: report?.status?.time ?? null,
    host: report?.status?.host ?? null,
    key: report?.key ?? null,
    state,
    problem: report?.problem ?? null,
  };
}

/**
 * The package's reports: those under statusPrefix, and (for one release) those an older agent left
 * under legacyStatusPrefix, which are moved as they are found (see moveLegacyReport); one that
 * cannot be moved is still read where it is.
 */
async function readReports(ctx: BucketContext, pkg: string, concurrency = 8): Promise<Report[]> {
  const [reports, legacy] = await Promise.all([listReportKeys(ctx, statusPrefix(pkg), decodeStatusId), listReportKeys(ctx, legacyStatusPrefix(pkg), legacyId)]);
  const known = new Set(reports.map((r) => r.id));
  const limit = pLimit(concurrency);
  const read = ({ id, key }: { id: string; key: string }) => limit(async () => parseReport(pkg, key, id, await getText(ctx, key)));
  const moved = legacy.map(({ id, key }) =>
    limit(async (): Promise<Report | null> => {
      try {
        if (known.has(id)) return await deleteKey(ctx, key).then(() => null);
        const text = await getText(ctx, key);
        if (text === null) return null; // moved meanwhile, by the agent itself
        const newKey = await moveLegacyReport(ctx, pkg, id, key, text);
        return newKey ? parseReport(pkg, newKey, id, text) : null;
      } catch (error) {
        ctx.logger.warn(`revisions: could not move the old status report ${key} to ${statusKey(pkg, id)}; FTL lists it as a revision until it is moved`, {
          error: String(error),
        });
        return known.has(id) ? null : parseReport(pkg, key, id, await getText(ctx, key));
      }
    }),
  );
  const all = await Promise.all([...reports.map(read), ...moved]);
  return all.filter((r): r is Report => r !== null);
}

/** `<package>.status/<id>.json` (ids were written with only A-Z a-z 0-9 _ . -). */
function legacyId(name: string): string | null {
  return /^[A-Za-z0-9_.-]+\.json$/.test(name) ? name.slice(0, -'.json'.length) : null;
}

async function listReportKeys(ctx: BucketContext, prefix: string, idOf: (name: string) => string | null): Promise<Array<{ id: string; key: string }>> {
  const out: Array<{ id: string; key: string }> = [];
  for await (const page of listPages(ctx, { prefix })) {
    for (const object of page.objects) {
      const id = idOf(object.key.slice(prefix.length));
      if (id !== null) out.push({ id, key: object.key });
    }
  }
  return out;
}

/** A status object as the agent writes it (status.ts), or the problem that makes it unusable. */
export function parseReport(pkg: string, key: string, id: string, text: string | null): Report {
  const bad = (why: string): Report => ({
    id,
    key,
    status: null,
    problem: `${key} ${why}; the agent rewrites it on its next jump (flotilla-agent sync or jump on that server).`,
  });
  if (text === null) return bad('disappeared while it was read');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('is not valid JSON');
  }
  const v = value as Partial<Record<keyof HostStatus, unknown>> | null;
  if (!v || typeof v !== 'object') return bad('is not a JSON object');
  if (typeof v.revision !== 'string' || !v.revision.startsWith(`${pkg}.`)) return bad(`names no revision of ${pkg}`);
  if (typeof v.time !== 'string' || Number.isNaN(Date.parse(v.time))) return bad('has no valid time');
  const host = typeof v.host === 'string' ? v.host : '';
  return { id, key, status: { package: pkg, revision: v.revision, time: v.time, host }, problem: null };
}
