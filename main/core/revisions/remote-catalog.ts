import type { PackageSummary, RevisionInfo } from '../../contract/revisions/dto';
import { getTextAndTime, listPages, SMALL_OBJECT_BYTES, type BucketContext } from './bucket';
import { FlotillaError } from '../../contract/errors';
import { byCodeUnits, isPackageName, parseRevisionKey, parseRevisionName, printable, refusedKeyReason } from './rev-name';

/** The bucket's pointers of a package: `P.current` (or the legacy `P.rev`) and `P.previous`. */
export interface Pointers {
  current: string | null;
  previous: string | null;
}

export const pointerKeys = (pkg: string) => ({
  current: `${pkg}.current`,
  previous: `${pkg}.previous`,
  legacy: `${pkg}.rev`,
});

export async function readPointers(ctx: BucketContext, pkg: string): Promise<Pointers> {
  return (await readPointersAndTime(ctx, pkg)).pointers;
}

/**
 * The pointers, and when the current one was last written (the last bless or roll back): the
 * LastModified of the object its value came from (`P.current`, else the legacy `P.rev`), taken
 * from the same GETs, so no HEAD is needed. null when neither object exists.
 */
export async function readPointersAndTime(ctx: BucketContext, pkg: string): Promise<{ pointers: Pointers; currentSince: string | null }> {
  const keys = pointerKeys(pkg);
  const [current, previous] = await Promise.all([getTextAndTime(ctx, keys.current), getTextAndTime(ctx, keys.previous)]);
  const set = Boolean(current?.tooBig || current?.text.trim());
  const legacy = set ? null : await getTextAndTime(ctx, keys.legacy);
  const used = set ? current : (legacy ?? current);
  return {
    pointers: {
      current: pointerValue(ctx, pkg, used === legacy ? keys.legacy : keys.current, used ?? null),
      previous: pointerValue(ctx, pkg, keys.previous, previous),
    },
    currentSince: used?.lastModified?.toISOString() ?? null,
  };
}

/**
 * A pointer of `pkg` names `<pkg>.<rev>`; an empty one counts as unset; a malformed one, one
 * naming another package's revision, or one too big to be a pointer is ignored (and logged).
 */
function pointerValue(ctx: BucketContext, pkg: string, key: string, object: { text: string; tooBig: boolean } | null): string | null {
  const value = object?.text.trim() ?? '';
  if (object?.tooBig) {
    ctx.logger.warn(`revisions: ${key} is bigger than ${SMALL_OBJECT_BYTES} bytes, so it is not a pointer (it holds a revision name); ignoring it`);
    return null;
  }
  if (!value) return null;
  let parsed;
  try {
    parsed = parseRevisionName(value);
  } catch {
    ctx.logger.warn(`revisions: ${key} holds '${printable(value.slice(0, 80))}', which is not a revision name; ignoring it`);
    return null;
  }
  if (parsed.package !== pkg) {
    ctx.logger.warn(`revisions: ${key} holds '${parsed.name}', a revision of another package than ${pkg}; ignoring it`);
    return null;
  }
  return parsed.name;
}

/** Package names: the key prefixes before the first dot (as FTL lists them). */
export async function listPackageNames(ctx: BucketContext): Promise<string[]> {
  const names = new Set<string>();
  for await (const page of listPages(ctx, { delimiter: '.' })) {
    for (const prefix of page.prefixes) {
      const name = prefix.slice(0, -1);
      if (isPackageName(name)) names.add(name);
    }
  }
  return [...names].sort(byCodeUnits);
}

export async function listPackages(ctx: BucketContext, concurrency = 8): Promise<PackageSummary[]> {
  const names = await listPackageNames(ctx);
  const out: PackageSummary[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      const pointers = await readPointers(ctx, names[i]!);
      out[i] = { name: names[i]!, ...pointers };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  return out;
}

/**
 * Revision objects of a package, oldest first, without pointer marks. A key shaped like a revision
 * but whose name could choose a path (refusedKeyReason) is left out, logged, and its refusal
 * added to `refused` when given.
 */
export async function listRevisionObjects(ctx: BucketContext, pkg: string, refused?: Array<{ rev: string; reason: string }>): Promise<Omit<RevisionInfo, 'current' | 'previous'>[]> {
  const byRev = new Map<string, Omit<RevisionInfo, 'current' | 'previous'>>();
  for await (const page of listPages(ctx, { prefix: `${pkg}.` })) {
    for (const object of page.objects) {
      const parsed = parseRevisionKey(pkg, object.key);
      if (!parsed) {
        const reason = refusedKeyReason(pkg, object.key);
        if (reason) {
          ctx.logger.warn(`revisions: ${reason}`);
          refused?.push({ rev: object.key.slice(pkg.length + 1).split('.')[0]!, reason });
        }
        continue;
      }
      if (byRev.has(parsed.rev)) {
        ctx.logger.warn(`revisions: ${object.key} repeats revision ${parsed.name}; using ${byRev.get(parsed.rev)!.key}`);
        continue;
      }
      byRev.set(parsed.rev, {
        name: parsed.name,
        package: pkg,
        rev: parsed.rev,
        key: object.key,
        size: object.size,
        lastModified: object.lastModified?.toISOString() ?? '',
      });
    }
  }
  return [...byRev.values()].sort((a, b) => byCodeUnits(a.rev, b.rev));
}

export async function listRevisions(ctx: BucketContext, pkg: string): Promise<{ revisions: RevisionInfo[]; pointers: Pointers }> {
  const [objects, pointers] = await Promise.all([listRevisionObjects(ctx, pkg), readPointers(ctx, pkg)]);
  const revisions = objects.map((o) => ({ ...o, current: o.name === pointers.current, previous: o.name === pointers.previous }));
  return { revisions, pointers };
}

/**
 * The object holding a revision, found with a listing of just its prefix; null if there is none.
 * Throws when the only object for it has a key that could choose a path (refusedKeyReason).
 */
export async function findRevisionKey(ctx: BucketContext, pkg: string, rev: string): Promise<string | null> {
  let refusal: string | null = null;
  for await (const page of listPages(ctx, { prefix: `${pkg}.${rev}.` })) {
    for (const object of page.objects) {
      if (parseRevisionKey(pkg, object.key)?.rev === rev) return object.key;
      refusal ??= refusedKeyReason(pkg, object.key);
    }
  }
  if (refusal) throw new FlotillaError('invalid-input', refusal, { package: pkg, rev });
  return null;
}
