import type { PointerState } from '../../contract/revisions/dto';
import { FlotillaError } from '../../contract/errors';
import { deleteKey, putText, type BucketContext } from './bucket';
import { findRevisionKey, pointerKeys, readPointers } from './remote-catalog';
import { parseRevisionName, requirePackageName } from './rev-name';

/** Operations on the bucket's pointers, shared by every server (FTL's `--master`). */

async function requireRevisionObject(ctx: BucketContext, name: string, verb: string): Promise<string> {
  const { package: pkg, rev } = parseRevisionName(name);
  const key = await findRevisionKey(ctx, pkg, rev);
  if (!key) {
    throw new FlotillaError(
      'not-found',
      `Cannot ${verb} ${name}: the bucket '${ctx.bucket}' has no such revision. See list --master ${pkg} for the revisions there.`,
      { revision: name },
    );
  }
  return key;
}

/** Makes `name` current: writes previous (the old current), then current. Refuses a revision not in the bucket. */
export async function jumpMaster(ctx: BucketContext, name: string): Promise<PointerState> {
  const { package: pkg, name: revision } = parseRevisionName(name);
  await requireRevisionObject(ctx, revision, 'jump to');
  const pointers = await readPointers(ctx, pkg);
  if (pointers.current === revision) {
    ctx.logger.info(`revisions: ${revision} is already current in the bucket`);
    return { package: pkg, ...pointers };
  }
  const keys = pointerKeys(pkg);
  if (pointers.current) await putText(ctx, keys.previous, pointers.current);
  await putText(ctx, keys.current, revision);
  ctx.logger.info(`revisions: bucket ${pkg} current ${revision} (previous ${pointers.current ?? 'none'})`);
  return { package: pkg, current: revision, previous: pointers.current ?? pointers.previous };
}

/** Swaps current and previous. */
export async function jumpBackMaster(ctx: BucketContext, pkgName: string): Promise<PointerState> {
  const pkg = requirePackageName(pkgName);
  const pointers = await readPointers(ctx, pkg);
  if (!pointers.previous) {
    throw new FlotillaError('not-found', `Cannot jump back ${pkg}: the bucket has no ${pkg}.previous. Jump to a revision by name instead (jump --master <rev>).`, {
      package: pkg,
    });
  }
  if (!pointers.current) {
    throw new FlotillaError('not-found', `Cannot jump back ${pkg}: the bucket has no ${pkg}.current. Jump to a revision by name instead (jump --master <rev>).`, {
      package: pkg,
    });
  }
  await requireRevisionObject(ctx, pointers.previous, 'jump back to');
  const keys = pointerKeys(pkg);
  await putText(ctx, keys.previous, pointers.current);
  await putText(ctx, keys.current, pointers.previous);
  ctx.logger.info(`revisions: bucket ${pkg} jumped back to ${pointers.previous}`);
  return { package: pkg, current: pointers.previous, previous: pointers.current };
}

/** Deletes a revision's object; refuses the current and the previous one. */
export async function purgeMaster(ctx: BucketContext, name: string): Promise<{ revision: string; key: string }> {
  const { package: pkg, name: revision } = parseRevisionName(name);
  const pointers = await readPointers(ctx, pkg);
  for (const [which, value] of [['current', pointers.current], ['previous', pointers.previous]] as const) {
    if (value === revision) {
      throw new FlotillaError(
        'invalid-input',
        `Cannot purge ${revision}: it is the ${which} revision of ${pkg}. Jump to another revision first (jump --master <rev>).`,
        { revision, pointer: which },
      );
    }
  }
  const key = await requireRevisionObject(ctx, revision, 'purge');
  await deleteKey(ctx, key);
  ctx.logger.info(`revisions: purged ${key}`);
  return { revision, key };
}
