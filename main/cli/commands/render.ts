import { FlotillaError } from '../../contract/errors';
import type { Problem } from '../../contract/dto/projects';
import type { Core } from '../../core/create-core';
import type { Output } from '../context';

/** `flotilla render`: the user-data on stdout, or exit 2 with why not on stderr. */
export async function renderCommand(core: Core, id: string, gitUser: string, gitBranch: string, io: Output): Promise<number> {
  try {
    const result = await core.api.projects.preview({ id, gitUser, gitBranch });
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
