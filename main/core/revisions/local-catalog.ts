import type { LocalPackage, LocalRevision } from '../../contract/revisions/dto';
import { FlotillaError } from '../../contract/errors';
import { stat } from 'node:fs/promises';
import { localPackageNames, localRevs, packagePaths, readRevLink, revisionName } from './local-layout';
import { requirePackageName } from './rev-name';

/** Package folders under the root, with what their links point at. */
export async function listLocalPackages(root: string): Promise<LocalPackage[]> {
  const names = await localPackageNames(root);
  return Promise.all(
    names.map(async (name) => {
      const paths = packagePaths(root, name);
      const [current, previous, revs] = await Promise.all([readRevLink(paths.current), readRevLink(paths.previous), localRevs(paths)]);
      return {
        name,
        current: current ? revisionName(name, current) : null,
        previous: previous ? revisionName(name, previous) : null,
        revisions: revs.length,
      };
    }),
  );
}

/** Revisions of a package on this server, oldest first, marking current and previous. */
export async function listLocalRevisions(root: string, pkgName: string): Promise<LocalRevision[]> {
  const pkg = requirePackageName(pkgName);
  const paths = packagePaths(root, pkg);
  if (!(await stat(paths.dir).catch(() => null))?.isDirectory()) {
    throw new FlotillaError('not-found', `There is no package folder ${paths.dir}. Create it (mkdir ${paths.dir}) and run sync to fetch ${pkg}.`, { package: pkg });
  }
  const [current, previous, revs] = await Promise.all([readRevLink(paths.current), readRevLink(paths.previous), localRevs(paths)]);
  return revs.map((rev) => ({
    name: revisionName(pkg, rev),
    package: pkg,
    rev,
    path: paths.rev(rev),
    current: rev === current,
    previous: rev === previous,
  }));
}
