import { homedir } from 'node:os';
import type { Settings, SettingsProblem, SettingsView } from '../../contract/dto/settings';
import { FlotillaError } from '../../contract/errors';
import { CUSTOM_TERMINAL, isKnownTerminal, terminalLaunchersFor } from '../../contract/terminals';
import type { SettingsApi } from '../../contract/settings-api';
import { createRedactingLogger, redact, redactError } from '../credentials/redact';
import type { EventMap } from '../../contract/events';
import type { CoreService } from '../core-service';
import type { Emit } from '../event-bus';
import type { Logger, SecretStore, TerminalPicker } from '../ports';
import { CHOOSE_AGAIN, customProgramProblem, type ProgramFs } from '../terminal/custom-program';
import { applyPatch, changedKeys } from './apply-patch';
import { checkSettingsFiles, checkSettingsValue } from './check-settings';
import { planIniImport } from './import-ini';
import { loadSettings } from './load-settings';
import { displayPath } from './paths';
import { settingsProblem, summarizeProblems } from './problems';
import type { SettingsFileStore } from './store';
import { validateSettingsFile } from './validate-file';

export interface SettingsServiceOptions {
  store: SettingsFileStore;
  logger: Logger;
  /** The user's home folder, for `~` in paths (default: os.homedir()). */
  home?: string;
  /** Where an imported access key goes; without it, importing a file with a key is refused. */
  secrets?: SecretStore;
  /** The project ids, to check the project an instance.config is imported for (unchecked without it). */
  projectIds?: () => Promise<readonly string[]>;
  /** Whose terminals settings.update accepts (default: process.platform). */
  platform?: NodeJS.Platform;
  /** The desktop app's dialogs for settings.chooseTerminal; absent in browser mode. */
  terminalPicker?: TerminalPicker;
  /** How a chosen program is checked (default: the real file system). */
  programFs?: ProgramFs;
  /** Sends 'settings.changed' (the new view) after each save. */
  emit?: Emit<Pick<EventMap, 'settings.changed'>>;
}

export type SettingsListener = (settings: Settings) => void;

export interface SettingsService extends CoreService<SettingsApi> {
  current(): Settings;
  onChange(listener: SettingsListener): () => void;
  /**
   * For other services (credentials): validates and saves a change, including the keys a
   * renderer's patch may not touch (`credential`, `keychainCredentials`).
   */
  change(mutate: (draft: Settings) => void): Promise<Settings>;
}

/** Problems quote values from files; one pasted into the wrong field must not be echoed back. */
function redactProblems(problems: readonly SettingsProblem[]): SettingsProblem[] {
  return problems.map((p) => ({ ...p, message: redact(p.message), fix: redact(p.fix), text: redact(p.text) }));
}

/** Every method answers FlotillaErrors only, with anything that looks like a secret redacted. */
function guardAll(api: SettingsApi, logger: Logger): SettingsApi {
  const guard =
    <I, O>(fn: (input: I) => Promise<O>) =>
    async (input: I): Promise<O> => {
      try {
        return await fn(input);
      } catch (error) {
        const safe = redactError(error);
        if (!(error instanceof FlotillaError)) logger.error('settings: unexpected failure', { error: safe.message, stack: error instanceof Error ? error.stack : undefined });
        throw safe;
      }
    };
  return {
    get: guard(api.get),
    update: guard(api.update),
    validate: guard(api.validate),
    importIni: guard(api.importIni),
    chooseTerminal: guard(api.chooseTerminal),
  };
}

export async function createSettingsService(opts: SettingsServiceOptions): Promise<SettingsService> {
  const logger = createRedactingLogger(opts.logger);
  const home = opts.home ?? homedir();
  const file = opts.store.location ? displayPath(opts.store.location, home) : 'settings';
  const loaded = await loadSettings(opts.store, file, home, logger);
  let settings = loaded.settings;
  // What the store found about the file's place (another settings file ignored) stays shown after saves.
  const notices = (opts.store.notices ?? []).map((n) => settingsProblem(file, {}, n, 'warning'));
  const warnings: SettingsProblem[] = [...notices, ...loaded.warnings];
  for (const w of warnings) logger.warn(`settings: ${w.text}`);
  const listeners = new Set<SettingsListener>();
  let queue: Promise<unknown> = Promise.resolve();

  /** One save at a time, each starting from the settings the previous one left. */
  function serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Validates and writes; SSH key files are checked where the change names a new one. */
  async function save(next: Record<string, unknown>): Promise<Settings> {
    const check = checkSettingsValue(next, file);
    const fileProblems = check.settings ? await checkSettingsFiles(check.settings, file, home, 'error', settings) : [];
    const errors = [...check.problems, ...fileProblems].filter((p) => p.severity === 'error');
    if (!check.settings || errors.length > 0) {
      throw new FlotillaError('invalid-input', `The settings were not saved: ${summarizeProblems(errors)}`, { problems: errors });
    }
    try {
      await opts.store.write(check.settings);
    } catch (error) {
      if (error instanceof FlotillaError) throw error;
      const why = error instanceof Error ? error.message : String(error);
      throw new FlotillaError('unavailable', `The settings could not be saved to ${file}: ${why}. Check that the folder exists and you can write to it.`);
    }
    const before = settings;
    settings = check.settings;
    warnings.splice(0, warnings.length, ...notices, ...(await checkSettingsFiles(settings, file, home, 'warning')));
    const changed = changedKeys(before, settings);
    if (changed.length) logger.info('settings: saved', { file, changed });
    for (const listener of listeners) {
      try {
        listener(structuredClone(settings));
      } catch (error) {
        logger.error('settings: onChange listener threw', { error: String(error) });
      }
    }
    return settings;
  }

  if (loaded.rewrite) await save({ ...settings }).catch((error: unknown) => logger.warn('settings: could not write the migrated file', { error: String(error) }));

  const view = (): SettingsView => ({ settings: structuredClone(settings), file, warnings: redactProblems(warnings) });
  const platform = opts.platform ?? process.platform;

  /**
   * settings.update may name a terminal this OS knows, or null, or `custom` for the program
   * already chosen in the desktop app; never a program of its own (issue 11 item 3).
   */
  function checkTerminalPatch(terminal: string | null | undefined): void {
    if (terminal === undefined || terminal === null || isKnownTerminal(platform, terminal)) return;
    // Unchanged (the form sends every field): a value the file already holds passed the schema when
    // loaded (e.g. another OS's terminal in a copied file); the terminal port refuses it when used.
    if (terminal === settings.terminal) return;
    if (terminal === CUSTOM_TERMINAL && settings.customTerminal !== null) return;
    const known = terminalLaunchersFor(platform).map((l) => l.id).join(', ');
    const message =
      terminal === CUSTOM_TERMINAL
        ? `terminal: no program was chosen yet; choose one with Settings → Terminal → Choose program… in the desktop app, or pick one of ${known}`
        : `terminal: ${JSON.stringify(terminal.slice(0, 80))} is not a terminal Flotilla knows here; pick one of ${known} (or null for the usual one); another program is chosen with Settings → Terminal → Choose program… in the desktop app`;
    const problem: SettingsProblem = { severity: 'error', file, key: 'terminal', message, fix: 'pick a terminal from the list', text: `${file}: ${message}` };
    throw new FlotillaError('invalid-input', `The settings were not saved: ${message}`, { problems: [problem] });
  }

  const api: SettingsApi = guardAll({
    get: async () => view(),
    update: ({ patch }) =>
      serialized(async () => {
        checkTerminalPatch(patch.terminal);
        await save(applyPatch(settings, patch));
        return view();
      }),
    chooseTerminal: async () => {
      if (!opts.terminalPicker) {
        throw new FlotillaError(
          'unavailable',
          `A terminal program of your own is chosen in the Flotilla desktop app (Settings → Terminal → Choose program…), where the system asks you to confirm it. Here, pick one of ${terminalLaunchersFor(platform).map((l) => l.id).join(', ')}.`,
          { setting: 'terminal' },
        );
      }
      const chosen = await opts.terminalPicker.chooseTerminal();
      if (chosen === null) return view();
      const problem = await customProgramProblem(chosen, platform, opts.programFs);
      if (problem !== null) {
        const message = `terminal: the program ${problem}`;
        const fix = CHOOSE_AGAIN;
        throw new FlotillaError('invalid-input', `The settings were not saved: ${message}; ${fix}.`, {
          problems: [{ severity: 'error', file, key: 'customTerminal', message, fix, text: `${file}: ${message}; ${fix}` }],
        });
      }
      return serialized(async () => {
        await save({ ...settings, terminal: CUSTOM_TERMINAL, customTerminal: chosen });
        logger.info('settings: custom terminal chosen', { program: chosen });
        return view();
      });
    },
    validate: async (input) => {
      if (input.path === undefined && input.kind === 'settings' && opts.store.location) {
        return { problems: redactProblems(await validateSettingsFile({ ...input, path: opts.store.location }, home)) };
      }
      if (input.path === undefined) {
        if (input.kind !== 'settings') throw new FlotillaError('bad-request', `Give the path of the ${input.kind} file to check.`, { field: 'path' });
        return { problems: redactProblems([...checkSettingsValue({ ...settings }, file).problems, ...(await checkSettingsFiles(settings, file, home, 'error'))]) };
      }
      return { problems: redactProblems(await validateSettingsFile({ ...input, path: input.path }, home)) };
    },
    importIni: (input) =>
      serialized(async () => {
        const before = settings;
        const projectIds = input.kind === 'instance-config' && opts.projectIds ? await opts.projectIds() : null;
        const plan = await planIniImport(input, settings, home, opts.secrets, projectIds);
        if (plan.next !== before) {
          try {
            await save({ ...plan.next });
          } catch (error) {
            await plan.undo().catch(() => undefined);
            throw error;
          }
        }
        return {
          changed: changedKeys(before, settings),
          credential: plan.credential,
          instanceConfig: plan.instanceConfig,
          project: plan.project,
          problems: redactProblems(plan.problems),
          settings: structuredClone(settings),
        };
      }),
  }, logger);

  const emit = opts.emit;
  if (emit) listeners.add(() => emit('settings.changed', view()));

  return {
    api,
    current: () => structuredClone(settings),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    change: (mutate) =>
      serialized(async () => {
        const draft = structuredClone(settings);
        mutate(draft);
        return structuredClone(await save({ ...draft }));
      }),
  };
}
