import type { FlotillaApi } from '../../contract/api';
import type { Output } from '../context';
import { loadDetails } from './projects';

/** `flotilla check`: every problem of every project; exit 1 if any is an error. */
export async function checkCommand(api: FlotillaApi, dir: string, io: Output): Promise<number> {
  const details = await loadDetails(api);
  let errors = 0;
  let warnings = 0;
  for (const project of details) {
    for (const problem of project.problems) {
      const line = `${problem.text}${problem.severity === 'warning' ? ' (warning)' : ''}`;
      if (problem.severity === 'error') {
        errors++;
        io.err(line);
      } else {
        warnings++;
        io.err(line);
      }
    }
  }
  const broken = details.filter((p) => p.state === 'errors').length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (details.length === 0) {
    io.err(`No projects in ${dir} (files named <id>.sh or <id>.sh.njk).`);
    return 1;
  }
  io.out(
    `${plural(details.length, 'project')} checked in ${dir}: ${details.length - broken} ok, ${broken} with errors ` +
      `(${plural(errors, 'error')}, ${plural(warnings, 'warning')}).`,
  );
  return errors > 0 ? 1 : 0;
}
