import { FlotillaError } from '../../contract/errors';
import type { Problem } from '../../contract/dto/projects';
import { methodSchemas } from '../../contract/methods';
import type { Core } from '../../core/create-core';
import type { Output } from '../context';

const FIELD_NAMES: Record<string, string> = { id: 'project', gitUser: '--user', gitBranch: '--branch' };

/** `flotilla render`: the user-data on stdout, or exit 2 with why not on stderr. */
export async function renderCommand(core: Core, id: string, gitUser: string, gitBranch: string, io: Output): Promise<number> {
  // The same payload rules as the app and `flotilla serve` apply (branch at most 255 characters, ...).
  const input = methodSchemas['projects.preview'].safeParse({ id, gitUser, gitBranch });
  if (!input.success) {
    for (const issue of input.error.issues) {
      const field = String(issue.path[0] ?? '');
      io.err(`flotilla render: ${FIELD_NAMES[field] ?? field}: ${issue.message}`);
    }
    return 2;
  }
  try {
    const result = await core.api.projects.preview(input.data);
    process.stdout.write(result.userData);
    return 0;
  } catch (error) {
    if (!(error instanceof FlotillaError)) throw error;
    io.err(`flotilla render: ${error.message}`);
    const problems = (error.data as { problems?: Problem[] } | undefined)?.problems ?? [];
    for (const problem of problems) if (problem.text !== error.message) io.err(`  ${problem.text}`);
    return 2;
  }
}
