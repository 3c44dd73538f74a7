import { useEffect, useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ProjectDetail, TemplateOption } from '@contract/projects/dto';
import { returnFocus } from '../../components/focus-return';
import { useAppStore } from '../../stores/store-context';
import { optionAbout, optionShapeProblem, optionUnset, optionValue } from '../instances/launch-options';
import { ErrorAlert } from '../../components/ErrorAlert';

/** One option's field: empty (or "template default") leaves the template's default. */
function OptionInput({ option, id, value, error, onChange }: { option: TemplateOption; id: string; value: string; error: string | null; onChange(value: string): void }) {
  const hint = `${optionAbout(option)}; the template's default is ${option.default || 'empty'}.`;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy };
  const choices = option.type === 'bool' ? ['true', 'false'] : option.type === 'enum' ? option.choices : null;
  return (
    <div className="field">
      <label htmlFor={id} className="mono">
        {option.name}
      </label>
      {choices ? (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Template default ({option.default})</option>
          {choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={option.type === 'int' ? 'number' : 'text'}
          inputMode={option.type === 'int' ? 'numeric' : undefined}
          min={option.min}
          max={option.max}
          value={value}
          placeholder={option.default}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** One project's option values: a field per declared option, checked for shape here (the core checks the rest at launch). */
function ProjectOptions({ detail, stored }: { detail: ProjectDetail; stored: Record<string, string> }) {
  const save = useAppStore((s) => s.settings.saveLaunchOptions);
  const state = useAppStore((s) => s.settings.optionsSave);
  const fromStore = () => Object.fromEntries(detail.options.map((o) => [o.name, stored[o.name] ?? '']));
  const [draft, setDraft] = useState<Record<string, string>>(fromStore);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Stored values changed (this save, another window, an import): show them.
  const storedKey = JSON.stringify(stored);
  useEffect(() => {
    setDraft(fromStore());
    // fromStore reads `stored`, which storedKey stands for.
  }, [storedKey]);
  const base = useId();
  const idOf = (name: string) => `${base}-${name}`;
  const declared = new Set(detail.options.map((o) => o.name));
  const orphans = Object.keys(stored).filter((name) => !declared.has(name));
  const mine = state.status !== 'idle' && state.project === detail.id ? state : null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // Save is disabled while saving, which drops the focus: it comes back afterwards.
    const active = document.activeElement as HTMLElement | null;
    const found: Record<string, string> = {};
    const options: Record<string, string> = {};
    for (const option of detail.options) {
      const value = draft[option.name] ?? '';
      if (optionUnset(option, value) || value === '') continue;
      const problem = optionShapeProblem(option, value);
      if (problem) found[option.name] = `${option.name} ${problem}`;
      else options[option.name] = optionValue(option, value);
    }
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(idOf(first))?.focus();
      return;
    }
    await save(detail.id, options);
    await returnFocus(active);
  };

  const title = detail.name ? `${detail.name} (${detail.id})` : detail.id;
  return (
    <form className="option-defaults" onSubmit={(e) => void onSubmit(e)} noValidate>
      <fieldset className="settings-group">
        <legend>{title}</legend>
        <div className="settings-grid">
          {detail.options.map((option) => (
            <OptionInput
              key={option.name}
              option={option}
              id={idOf(option.name)}
              value={draft[option.name] ?? ''}
              error={errors[option.name] ?? null}
              onChange={(value) => {
                setDraft((d) => ({ ...d, [option.name]: value }));
                setErrors(({ [option.name]: _gone, ...rest }) => rest);
              }}
            />
          ))}
        </div>
        {orphans.length > 0 && (
          <p className="warn-line">
            Also stored for options the template no longer declares: {orphans.map((n) => `${n}=${stored[n]}`).join(', ')}. Launches refuse them; saving drops them.
          </p>
        )}
        <div className="launch-buttons">
          <button type="submit" className="button" disabled={mine?.status === 'saving'} aria-label={`Save the option values of ${detail.id}`}>
            Save
          </button>
          {mine?.status === 'saved' && (
            <span className="ok-line" role="status">
              Saved; launches of {detail.id} use these unless the launch form changes them.
            </span>
          )}
        </div>
        {mine?.status === 'error' && (
          <ErrorAlert title={`Could not save the option values of ${detail.id}.`} error={mine.error} />
        )}
      </fieldset>
    </form>
  );
}

/** Settings → Launch defaults → Template options: per project that declares options, the values its launches use. */
export function LaunchOptionDefaults() {
  const { view, list, loaded, loadProjects, known, fetchDetails } = useAppStore(
    useShallow((s) => ({
      view: s.settings.view,
      list: s.projects.list,
      loaded: s.projects.loaded,
      loadProjects: s.projects.load,
      known: s.projects.known,
      fetchDetails: s.projects.fetchDetails,
    })),
  );
  const headingId = useId();
  useEffect(() => {
    if (!loaded) void loadProjects();
  }, [loaded, loadProjects]);
  useEffect(() => {
    if (loaded) void fetchDetails(list.map((p) => p.id));
  }, [loaded, list, known, fetchDetails]);
  if (!view) return null;
  const withOptions = list.flatMap((p) => {
    const detail = known[p.id]?.detail;
    return detail && detail.options.length > 0 ? [detail] : [];
  });
  return (
    <section aria-labelledby={headingId} className="option-defaults-list">
      <h3 id={headingId}>Template options</h3>
      <p className="hint">
        Values for the options a project's template declares (<code className="mono">fleeting-meta:option.&lt;name&gt;</code>), used instead of the
        template's defaults; what you choose in the launch form still wins. Leave a field empty for the template's default.
      </p>
      {withOptions.length === 0 ? (
        <p className="muted">{loaded ? 'No project declares template options.' : 'Loading the projects…'}</p>
      ) : (
        withOptions.map((detail) => {
          const stored = view.settings.launchDefaults[detail.id]?.options ?? {};
          // Drawn afresh when the template's declarations change.
          return <ProjectOptions key={`${detail.id}:${JSON.stringify(detail.options)}`} detail={detail} stored={stored} />;
        })
      )}
    </section>
  );
}
