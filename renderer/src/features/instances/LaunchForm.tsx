import { useEffect, useState, type FormEvent } from 'react';
import { MAX_ROOT_VOLUME_GIB, type LaunchInput, type PreflightItem } from '../../../../main/contract/dto/instances';
import { useAppStore } from '../../stores/store-context';
import { checkWords, parseEnvLines, usd, type Tone } from './format';
import { StatusIcon } from './StatusIcon';
import { MessageText } from '../../components/MessageText';

const tones: Record<PreflightItem['status'], Tone> = { pending: 'idle', running: 'busy', pass: 'ok', warn: 'warn', fail: 'error', skip: 'idle' };

export function PreflightChecklist({ items, running }: { items: PreflightItem[]; running: boolean }) {
  const failed = items.filter((i) => i.status === 'fail').length;
  const warned = items.filter((i) => i.status === 'warn').length;
  const summary = running
    ? 'Checking…'
    : failed > 0
      ? `${failed} check${failed === 1 ? '' : 's'} failed`
      : warned > 0
        ? `All checks passed, ${warned} with a warning`
        : 'All checks passed';
  return (
    <div className="checklist-wrap">
      <p className={`checklist-summary checklist-summary--${running ? 'busy' : failed ? 'error' : warned ? 'warn' : 'ok'}`} role="status">
        {summary}
      </p>
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
      <div className="alert alert--error" role="alert">
        <p>
          <strong>Not launched.</strong> <MessageText text={launch.error.message} />
          {hint}
        </p>
      </div>
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
      {r.warnings.map((w) => (
        <p key={w} className="warn-line">
          {w}
        </p>
      ))}
    </div>
  );
}

/** Project, user, branch and the rest; Check runs the pre-flight checks, Launch launches. */
export function LaunchForm() {
  const projects = useAppStore((s) => s.projects.list);
  const projectsLoaded = useAppStore((s) => s.projects.loaded);
  const loadProjects = useAppStore((s) => s.projects.load);
  const preflight = useAppStore((s) => s.instances.preflight);
  const launch = useAppStore((s) => s.instances.launch);
  const runPreflight = useAppStore((s) => s.instances.runPreflight);
  const runLaunch = useAppStore((s) => s.instances.runLaunch);

  const [form, setForm] = useState({
    project: '',
    gitUser: '',
    branch: '',
    count: '1',
    ttl: '4h',
    region: '',
    instanceType: '',
    rootVolumeSize: '',
    keyPair: '',
    securityGroupId: '',
    env: '',
  });
  const [problems, setProblems] = useState<string[]>([]);

  useEffect(() => {
    if (!projectsLoaded) void loadProjects();
  }, [projectsLoaded, loadProjects]);

  const launchable = projects.filter((p) => p.state !== 'errors');
  const project = form.project || launchable[0]?.id || '';

  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value }));

  const toInput = (): LaunchInput | null => {
    const found: string[] = [];
    const count = Number(form.count);
    if (!project) found.push('Pick a project.');
    if (!form.gitUser.trim()) found.push('Enter the GitHub user whose fork to launch.');
    if (!form.branch.trim()) found.push('Enter a branch.');
    if (!Number.isInteger(count) || count < 1 || count > 20) found.push('Count must be a whole number from 1 to 20.');
    const rootVolume = form.rootVolumeSize.trim();
    if (rootVolume && (!/^\d+$/.test(rootVolume) || Number(rootVolume) < 1 || Number(rootVolume) > MAX_ROOT_VOLUME_GIB)) {
      found.push(`Root volume must be a whole number of GiB from 1 to ${MAX_ROOT_VOLUME_GIB}, or empty for the project's or image's size.`);
    }
    const { env, problems: envProblems } = parseEnvLines(form.env);
    found.push(...envProblems);
    setProblems(found);
    if (found.length) return null;
    const opt = (v: string) => (v.trim() ? v.trim() : undefined);
    const input: LaunchInput = { project, gitUser: form.gitUser.trim(), branch: form.branch.trim(), count };
    const extra = {
      ttl: opt(form.ttl),
      region: opt(form.region),
      instanceType: opt(form.instanceType),
      keyPair: opt(form.keyPair),
      securityGroupId: opt(form.securityGroupId),
    };
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) (input as unknown as Record<string, string>)[k] = v;
    if (rootVolume) input.rootVolumeSize = Number(rootVolume);
    if (Object.keys(env).length) input.env = env;
    return input;
  };

  const onCheck = () => {
    const input = toInput();
    if (input) void runPreflight(input);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = toInput();
    if (input) void runLaunch(input);
  };

  const busy = preflight.status === 'running' || launch.status === 'running';
  const field = (name: keyof typeof form, label: string, props: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`launch-${name}`}>{label}</label>
      <input id={`launch-${name}`} value={form[name]} onChange={set(name)} {...props} />
    </div>
  );

  return (
    <section className="launch" aria-labelledby="launch-title">
      <h2 id="launch-title">Launch instances</h2>
      <form className="launch-form" onSubmit={onSubmit} noValidate>
        <div className="launch-fields">
          <div className="field">
            <label htmlFor="launch-project">Project</label>
            <select id="launch-project" value={project} onChange={set('project')}>
              {launchable.length === 0 && <option value="">No launchable project</option>}
              {launchable.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name ?? p.id}
                </option>
              ))}
            </select>
          </div>
          {field('gitUser', 'GitHub user', { autoComplete: 'off', spellCheck: false, placeholder: 'octocat' })}
          {field('branch', 'Branch', { autoComplete: 'off', spellCheck: false, placeholder: 'feature/login' })}
          {field('count', 'Count', { type: 'number', min: 1, max: 20, inputMode: 'numeric', className: 'input-narrow' })}
          {field('ttl', 'Time to live', { placeholder: '4h', className: 'input-narrow' })}
          {field('region', 'Region', { placeholder: 'default', spellCheck: false })}
          {field('instanceType', 'Instance type (optional)', { placeholder: "project's", spellCheck: false })}
          {field('rootVolumeSize', 'Root volume GiB (optional)', { placeholder: "image's", inputMode: 'numeric', className: 'input-narrow' })}
          {field('keyPair', 'Key pair', { placeholder: 'default', spellCheck: false })}
          {field('securityGroupId', 'Security group', { placeholder: 'create one', spellCheck: false })}
          <div className="field field--wide">
            <label htmlFor="launch-env">Env vars (KEY=VALUE lines)</label>
            <textarea id="launch-env" rows={2} value={form.env} onChange={set('env')} spellCheck={false} />
          </div>
        </div>
        {problems.length > 0 && (
          <div className="alert alert--error" role="alert">
            <ul className="alert-list">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="launch-buttons">
          <button type="button" className="button" onClick={onCheck} disabled={busy}>
            Check
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            Launch
          </button>
          {preflight.status === 'done' && preflight.result.plan.projectedCost !== null && (
            <span className="muted">
              About {usd(preflight.result.plan.hourlyPrice)}/h each, {usd(preflight.result.plan.projectedCost)} for the TTL
            </span>
          )}
        </div>
      </form>
      {preflight.status !== 'idle' && <PreflightChecklist items={preflight.items} running={preflight.status === 'running'} />}
      {preflight.status === 'error' && launch.status !== 'error' && (
        <div className="alert alert--error" role="alert">
          <p>
            <strong>Could not check.</strong> <MessageText text={preflight.error.message} />
          </p>
        </div>
      )}
      <LaunchOutcome />
    </section>
  );
}
