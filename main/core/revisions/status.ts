import type { HostStatus } from '../../contract/dto/revisions';
import { putText, type BucketContext } from './bucket';

/** Where a server reports what it runs: `<package>.status/<host-or-instance-id>.json`. */
export function statusKey(pkg: string, id: string): string {
  return `${pkg}.status/${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`;
}

export async function writeStatus(ctx: BucketContext, id: string, status: HostStatus): Promise<void> {
  await putText(ctx, statusKey(status.package, id), JSON.stringify(status) + '\n', 'application/json');
}
