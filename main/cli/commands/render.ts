import type { FlotillaApi } from '../../contract/api';
import { errorData, FlotillaError } from '../../contract/errors';
import type { Output } from '../context';

const FIELD_NAMES: Record<string, string> = { id: 'project', gitUser: '--user', gitBranch: '--branch' };

/** `flotilla render`: the user-data on stdout, or exit 2 with why not on stderr. */
export async function renderCommand(api: FlotillaApi, id: string, gitUser: string, gitBranch: string, io: Output): Promise<number> {
  try {
    const result = await api.projects.preview({ id, gitUser, gitBranch });
    process.stdout.write(result.userData);
    return 0;
  } catch (error) {
    if (!(error instanceof FlotillaError)) throw error;
    // The contract's payload rules, as for the app and `flotilla serve` (branch at most 255 characters, ...).
    const issues = errorData(error, 'bad-request')?.issues ?? [];
    if (issues.length) {
      for (const issue of issues) io.err(`flotilla render: ${FIELD_NAMES[issue.path] ?? issue.path}: ${issue.message}`);
      return 2;
    }
    io.err(`flotilla render: ${error.message}`);
    const problems = errorData(error, 'invalid-input')?.problems ?? [];
    for (const problem of problems) if (problem.text !== error.message) io.err(`  ${problem.text}`);
    return 2;
  }
}
