import { useEffect, useRef, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LaunchProblem, PreflightItem } from '@contract/instances/launch-dto';
import { useAppStore } from '../../stores/store-context';
import { priceSourceLabel, usd } from './cost';
import { checkWords, type Tone } from './instance-words';
import { fieldId, fieldName, formFieldOf, LAUNCH_LABELS, sourceHint, type LaunchFormField } from './launch-fields';
import { EnvSourceList, OptionFields, RevisionPicker } from './LaunchPackageFields';
import { StatusIcon } from './StatusIcon';
import { LaunchedMarkets, MarketSelect } from './SpotParts';
import { MessageText } from '../../components/MessageText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FieldLink } from '../../components/FieldLink';

const tones: Record<PreflightItem['status'], Tone> = { pending: 'idle', running: 'busy', pass: 'ok', warn: 'warn', fail: 'error', skip: 'idle' };

/** The checklist's one-line summary; "All checks passed" only when every check ran and none failed. */
export function checklistSummary(items: PreflightItem[], running: boolean, error: boolean): { text: string; tone: 'busy' | 'error' | 'warn' | 'ok' | 'idle' } {
  const failed = items.filter((i) => i.status === 'fail').length;
  const warned = items.filter((i) => i.status === 'warn').length;
  const finished = items.length > 0 && items.every((i) => i.status === 'pass' || i.status === 'warn' || i.status === 'skip');
  if (running) return { text: 'Checking…', tone: 'busy' };
  if (failed > 0) return { text: `${failed} check${failed === 1 ? '' : 's'} failed`, tone: 'error' };
  if (error) return { text: 'Could not finish the checks', tone: 'error' };
  if (!finished) return { text: 'Not every check ran', tone: 'idle' };
  if (warned > 0) return { text: `All checks passed, ${warned} with a warning`, tone: 'warn' };
  return { text: 'All checks passed', tone: 'ok' };
}

export function PreflightChecklist({ items, running, error = false }: { items: PreflightItem[]; running: boolean; error?: boolean }) {
  const summary = checklistSummary(items, running, error);
  return (
    <div className="checklist-wrap">
      <p className={`checklist-summary checklist-summary--${summary.tone}`} role="status">
        {summary.text}
      </p>
      {items.length > 0 && (
      <ul role="list" aria-label="Pre-flight checks" className="checklist">
        {items.map((item) => (
          <li key={item.id} className={`check check--${item.status}`} aria-label={`${item.label}: ${checkWords[item.status]}`}>
            <span className="check-status">
              <StatusIcon tone={tones[item.status]} />
              {checkWords[item.status]}
            </span>
            <span className="check-label">{item.label}</span>
            {item.message && <span className="check-message"><MessageText text={item.message} /></span>}
          </li>
        ))}
      </ul>
      )}
    </div>
  );
}

function LaunchOutcome() {
  const launch = useAppStore((s) => s.instances.launch);
  // The state as the fleet knows it now (the launch answered 'pending'); the launch's own once it is gone.
  const fleet = useAppStore((s) => s.instances.fleet);
  const stateOf = (id: string, launched: string) => fleet.find((f) => f.id === id)?.state ?? launched;
  if (launch.status === 'idle') return null;
  if (launch.status === 'running')
    return (
      <p className="status" role="status">
        Launching…
      </p>
    );
  if (launch.status === 'error') {
    const hint = launch.error.code === 'unavailable' ? ' Pick credentials in Settings → AWS accounts, or set AWS_PROFILE and restart.' : '';
    return (
      <ErrorAlert title="Not launched." error={launch.error} hint={hint} />
    );
  }
  const r = launch.result;
  const failedCount = r.failures.reduce((n, f) => n + f.count, 0);
  return (
    <div className={failedCount ? 'alert alert--warn launch-result' : 'alert alert--ok launch-result'} role="status" aria-label="Launch result">
      <p>
        <strong>
          Started {r.instances.length} of {r.requested}
        </strong>{' '}
        {r.requested === 1 ? 'instance' : 'instances'} of {r.project} ({r.branch}) in {r.region}.
      </p>
      {r.instances.length > 0 && (
        <ul className="launch-started">
          {r.instances.map((i) => (
            <li key={i.id} className="mono">
              {i.id} · {stateOf(i.id, i.state)}
            </li>
          ))}
        </ul>
      )}
      {r.failures.length > 0 && (
        <ul className="launch-failures">
          {r.failures.map((f) => (
            <li key={f.code}>
              <strong>
                {f.count} did not start: {f.code}
              </strong>{' '}
              — <MessageText text={f.message} />
            </li>
          ))}
        </ul>
      )}
      <LaunchedMarkets result={r} />
      {r.warnings.map((w) => (
        <p key={w} className="warn-line">
          {w}
        </p>
      ))}
    </div>
  );
}

/** The form's problems in one list, each naming its field as the form labels it, a link to that field. */
function ProblemSummary({ problems }: { problems: LaunchProblem[] }) {
  const summary = useRef<HTMLDivElement>(null);
  const refusals = useAppStore((s) => s.launchForm.refusals);
  // Focus moves to the list when a Check or Launch is refused, not while the user edits a field.
  useEffect(() => {
    if (refusals > 0) summary.current?.focus();
  }, [refusals]);
  if (problems.length === 0) return null;
  return (
    <ErrorAlert title={`${problems.length === 1 ? 'One problem' : `${problems.length} problems`} to fix first;`} message="nothing was checked or launched:" focusRef={summary}>
      <ul className="alert-list">
        {problems.map((p) => {
          const field = formFieldOf(p.field);
          return (
            <li key={`${p.field}:${p.message}`}>
              {/* A field the form does not show (an option the template no longer declares): Project. */}
              <FieldLink field={fieldId(field)} fallback="launch-project">
                {fieldName(field)}
              </FieldLink>
              : {p.message}
            </li>
          );
        })}
      </ul>
    </ErrorAlert>
  );
}

/** Project, user, branch and the rest; Check runs the pre-flight checks, Launch launches. */
export function LaunchForm() {
  const { projects, projectsLoaded, loadProjects, preflight, launch, form, problems, resolution, validating, setField, resolve, submit, known, fetchDetails } = useAppStore(
    useShallow((s) => ({
      projects: s.projects.list,
      projectsLoaded: s.projects.loaded,
      loadProjects: s.projects.load,
      preflight: s.instances.preflight,
      launch: s.instances.launch,
      form: s.launchForm.values,
      problems: s.launchForm.problems,
      resolution: s.launchForm.resolution,
      validating: s.launchForm.validating,
      setField: s.launchForm.setField,
      resolve: s.launchForm.resolve,
      submit: s.launchForm.submit,
      known: s.projects.known,
      fetchDetails: s.projects.fetchDetails,
    })),
  );

  useEffect(() => {
    if (!projectsLoaded) void loadProjects();
  }, [projectsLoaded, loadProjects]);

  const launchable = projects.filter((p) => p.state !== 'errors');
  const project = form.project || launchable[0]?.id || '';
  useEffect(() => {
    void resolve(project);
  }, [project, resolve]);
  const resolved = resolution?.project === project ? resolution : null;
  // The project's package and options; fetched again after its files change (`known` is emptied).
  const detail = known[project]?.detail ?? null;
  useEffect(() => {
    if (project && !(project in known)) void fetchDetails([project]);
  }, [project, known, fetchDetails]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit('launch', project);
  };

  const busy = validating || preflight.status === 'running' || launch.status === 'running';
  const describedBy = (name: LaunchFormField, hint: string | null, errors: boolean) =>
    [hint ? `launch-${name}-hint` : null, errors ? `launch-${name}-error` : null].filter(Boolean).join(' ') || undefined;
  const field = (name: LaunchFormField, props: Record<string, unknown> = {}, hint: string | null = null, value = form[name] ?? '') => {
    const errors = problems.filter((p) => formFieldOf(p.field) === name);
    return (
      <div className="field">
        <label htmlFor={`launch-${name}`}>{LAUNCH_LABELS[name]}</label>
        <input
          id={`launch-${name}`}
          value={value}
          onChange={(e) => setField(name, e.target.value)}
          aria-invalid={errors.length ? true : undefined}
          aria-describedby={describedBy(name, hint, errors.length > 0)}
          {...props}
        />
        {hint && (
          <p id={`launch-${name}-hint`} className="field-hint">
            {hint}
          </p>
        )}
        {errors.length > 0 && (
          <p id={`launch-${name}-error`} className="field-error">
            {errors.map((p) => p.message).join(' · ')}
          </p>
        )}
      </div>
    );
  };
  const ttlHint = sourceHint('ttl', resolved?.ttl, form.ttl !== null);
  const regionHint = form.region.trim() ? null : sourceHint('region', resolved?.region);
  const imageHint = form.image.trim() ? null : sourceHint('image', resolved?.image);
  const envErrors = problems.filter((p) => p.field === 'env');

  return (
    <section className="launch" aria-labelledby="launch-title">
      <h2 id="launch-title">Launch instances</h2>
      <form className="launch-form" onSubmit={onSubmit} noValidate>
        <div className="launch-fields">
          <div className="field">
            <label htmlFor="launch-project">Project</label>
            <select id="launch-project" value={project} onChange={(e) => setField('project', e.target.value)} aria-invalid={problems.some((p) => formFieldOf(p.field) === 'project') || undefined}>
              {launchable.length === 0 && <option value="">No launchable project</option>}
              {launchable.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name ?? p.id}
                </option>
              ))}
            </select>
          </div>
          {field('gitUser', { autoComplete: 'off', spellCheck: false, placeholder: 'octocat' })}
          {field('branch', { autoComplete: 'off', spellCheck: false, placeholder: 'feature/login' })}
          {detail?.package && <RevisionPicker pkg={detail.package} problems={problems} />}
          {field('count', { type: 'number', min: 1, max: 20, inputMode: 'numeric', className: 'input-narrow' })}
          {field('ttl', { placeholder: resolved?.ttl.value ?? '4h', className: 'input-narrow' }, ttlHint, form.ttl ?? resolved?.ttl.value ?? '')}
          {field('region', { placeholder: resolved?.region.value ?? 'default', spellCheck: false }, regionHint)}
          {field('image', { placeholder: resolved?.image.value ?? "project's", spellCheck: false }, imageHint ?? 'An AMI id, or role:<name>.')}
          {field('instanceType', { placeholder: resolved?.instanceType.value ?? "project's", spellCheck: false })}
          {field('rootVolumeSize', { placeholder: "image's", inputMode: 'numeric', className: 'input-narrow' })}
          {field('keyPair', { placeholder: resolved?.keyPair.value ?? 'default', spellCheck: false })}
          {field('securityGroupId', { placeholder: 'create one', spellCheck: false })}
          <MarketSelect value={form.market} resolved={resolved?.market} onChange={(value) => setField('market', value)} />
          {detail && <OptionFields detail={detail} resolution={resolved} problems={problems} />}
          <div className="field field--wide">
            <label htmlFor="launch-env">{LAUNCH_LABELS.env}</label>
            <textarea
              id="launch-env"
              rows={2}
              value={form.env}
              onChange={(e) => setField('env', e.target.value)}
              spellCheck={false}
              aria-invalid={envErrors.length ? true : undefined}
              aria-describedby={envErrors.length ? 'launch-env-error' : undefined}
            />
            {envErrors.length > 0 && (
              <p id="launch-env-error" className="field-error">
                {envErrors.map((p) => p.message).join(' · ')}
              </p>
            )}
            <EnvSourceList detail={detail} resolution={resolved} typed={form.env} />
          </div>
        </div>
        <ProblemSummary problems={problems} />
        <div className="launch-buttons">
          <button type="button" className="button" onClick={() => void submit('check', project)} disabled={busy}>
            Check
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            Launch
          </button>
          {preflight.status === 'done' && preflight.result.plan.revision && <span className="muted">Deploys {preflight.result.plan.revision}.</span>}
          {preflight.status === 'done' && preflight.result.plan.access !== 'ssh' && (
            <span className="muted">
              {preflight.result.plan.access === 'ssm' ? 'Reached over SSM only: no key pair needed, no port 22.' : 'Reached over SSH and SSM.'}
            </span>
          )}
          {preflight.status === 'done' && preflight.result.plan.projectedCost !== null && (
            <span className="muted" title={`Price: ${priceSourceLabel(preflight.result.plan.priceSource) ?? '—'}`}>
              About {usd(preflight.result.plan.hourlyPrice)}/h each, {usd(preflight.result.plan.projectedCost)} for the TTL (price: {priceSourceLabel(preflight.result.plan.priceSource) ?? '—'})
            </span>
          )}
        </div>
      </form>
      {(preflight.status === 'running' || preflight.status === 'done' || (preflight.status === 'error' && preflight.items.length > 0)) && <PreflightChecklist items={preflight.items} running={preflight.status === 'running'} error={preflight.status === 'error'} />}
      {preflight.status === 'error' && launch.status !== 'error' && (
        <ErrorAlert title="Could not check." error={preflight.error} />
      )}
      <LaunchOutcome />
    </section>
  );
}
