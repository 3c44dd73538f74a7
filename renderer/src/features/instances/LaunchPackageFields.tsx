import { useEffect, type ChangeEvent, type MouseEvent, type ReactNode } from 'react';
import type { LaunchProblem, LaunchResolution } from '@contract/instances/launch-dto';
import type { ProjectDetail, TemplateOption } from '@contract/projects/dto';
import { goToSetting, settingTargetId } from '../../components/go-to-setting';
import { useAppStore } from '../../stores/store-context';
import { isNoBucket } from '../revisions/RevisionsErrorAlert';
import { fieldId, formFieldOf, type LaunchFormTarget } from './launch-fields';
import { envSources, envSourceText, optionHint, revisionChoices } from './launch-options';

/** The problems of one field, and the ids its control is described by (hint, then errors). */
function useFieldProblems(problems: LaunchProblem[], target: LaunchFormTarget, hint: boolean) {
  const id = fieldId(target);
  const errors = problems.filter((p) => formFieldOf(p.field) === target);
  const describedBy = [hint ? `${id}-hint` : null, errors.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return { id, errors, describedBy, invalid: errors.length ? true : undefined };
}

function FieldErrors({ id, errors }: { id: string; errors: LaunchProblem[] }) {
  if (errors.length === 0) return null;
  return (
    <p id={`${id}-error`} className="field-error">
      {errors.map((p) => p.message).join(' · ')}
    </p>
  );
}

/** A link that shows another page (and, for Settings, the revisions bucket field). */
function PageLink({ page, children }: { page: 'settings' | 'revisions'; children: string }) {
  const showPage = useAppStore((s) => s.ui.showPage);
  const onClick = (event: MouseEvent) => {
    event.preventDefault();
    if (page === 'settings') goToSetting(() => showPage('settings'), settingTargetId('revisions-bucket', ''));
    else showPage('revisions');
  };
  return (
    <a href={`#/${page}`} onClick={onClick}>
      {children}
    </a>
  );
}

/**
 * The revision of the template's package to deploy: current (the default), previous, or any other
 * in the bucket, each with its age and size. Says so when there is no bucket or no revision yet.
 */
export function RevisionPicker({ pkg, problems }: { pkg: string; problems: LaunchProblem[] }) {
  const list = useAppStore((s) => s.launchForm.revisionList);
  const load = useAppStore((s) => s.launchForm.loadRevisionList);
  const chosen = useAppStore((s) => s.launchForm.values.revision);
  const setField = useAppStore((s) => s.launchForm.setField);
  const mine = list.status !== 'idle' && list.package === pkg ? list : null;
  useEffect(() => {
    if (!mine) void load(pkg);
  }, [mine, load, pkg]);
  const { id, errors, describedBy, invalid } = useFieldProblems(problems, 'revision', true);
  const value = chosen.trim() || 'current';
  const revisions = mine?.status === 'done' ? mine.revisions : [];
  const choices = revisionChoices(revisions, value, Date.now());

  let hint: ReactNode;
  if (!mine || mine.status === 'loading') hint = `Loading the revisions of ${pkg}…`;
  else if (mine.status === 'error' && isNoBucket(mine.error))
    hint = (
      <>
        No revisions bucket is set, so Flotilla cannot list or deploy {pkg}. Set one in <PageLink page="settings">Settings</PageLink>.
      </>
    );
  else if (mine.status === 'error')
    hint = (
      <>
        Could not list the revisions of {pkg}: {mine.error.message}{' '}
        <button type="button" className="link-button" onClick={() => void load(pkg)}>
          Try again
        </button>
      </>
    );
  else if (revisions.length === 0)
    hint = (
      <>
        The bucket has no revision of {pkg} yet: spool one on <PageLink page="revisions">Revisions</PageLink>.
      </>
    );
  else hint = `Package ${pkg}: current by default, then previous, then the others newest first.`;

  return (
    <div className="field field--wide">
      <label htmlFor={id}>Revision</label>
      <select id={id} value={value} onChange={(e) => setField('revision', e.target.value)} aria-invalid={invalid} aria-describedby={describedBy}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="field-hint" role={mine?.status === 'loading' ? 'status' : undefined}>
        {hint}
      </p>
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}

function OptionField({ option, resolved, problems }: { option: TemplateOption; resolved: LaunchResolution['options'][number] | undefined; problems: LaunchProblem[] }) {
  const typed = useAppStore((s) => s.launchForm.values.options[option.name]);
  const setOption = useAppStore((s) => s.launchForm.setOption);
  const { id, errors, describedBy, invalid } = useFieldProblems(problems, `option.${option.name}`, true);
  const value = typed ?? resolved?.value ?? option.default;
  const common = { id, 'aria-invalid': invalid, 'aria-describedby': describedBy };
  const onText = (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setOption(option.name, e.target.value);
  let control: ReactNode;
  if (option.type === 'bool') control = <input type="checkbox" {...common} checked={value === 'true'} onChange={(e) => setOption(option.name, String(e.target.checked))} />;
  else if (option.type === 'enum')
    control = (
      <select {...common} value={value} onChange={onText}>
        {option.choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  else if (option.type === 'int')
    control = <input type="number" inputMode="numeric" className="input-narrow" {...common} min={option.min} max={option.max} value={value} onChange={onText} />;
  else control = <input type="text" spellCheck={false} autoComplete="off" {...common} value={value} onChange={onText} />;
  return (
    <div className={option.type === 'bool' ? 'field field--check' : 'field'}>
      <label htmlFor={id} className="mono">
        {option.name}
      </label>
      {control}
      <p id={`${id}-hint`} className="field-hint">
        {optionHint(option, resolved, typed !== undefined)}
      </p>
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}

/** A field for each option the template declares, by type, with its default and where the value comes from. */
export function OptionFields({ detail, resolution, problems }: { detail: ProjectDetail; resolution: LaunchResolution | null; problems: LaunchProblem[] }) {
  if (detail.options.length === 0) return null;
  return (
    <fieldset className="launch-options">
      <legend>Template options</legend>
      <div className="launch-fields">
        {detail.options.map((option) => (
          <OptionField key={option.name} option={option} resolved={resolution?.options.find((o) => o.name === option.name)} problems={problems} />
        ))}
      </div>
    </fieldset>
  );
}

/** Which environment variables the instance gets and from where (never their values). */
export function EnvSourceList({ detail, resolution, typed }: { detail: ProjectDetail | null; resolution: LaunchResolution | null; typed: string }) {
  const entries = envSources(resolution?.env, typed);
  if (entries.length === 0) return null;
  const file = detail?.envFile?.file;
  return (
    <div className="launch-env-sources">
      <p id="launch-env-sources-hint" className="field-hint">
        The instance gets these environment variables{file ? ` (the env file is ${file})` : ''}; values are never shown, and parameters and secrets are
        read on the instance when it boots:
      </p>
      <ul aria-label="Environment variables" aria-describedby="launch-env-sources-hint" className="env-sources">
        {entries.map((e) => (
          <li key={e.key}>
            <code className="mono">{e.key}</code> — {envSourceText(e)}
          </li>
        ))}
      </ul>
    </div>
  );
}
