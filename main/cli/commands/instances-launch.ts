import type { LaunchResult } from '../../contract/instances/launch-dto';
import { MARKET_MODES, type MarketMode } from '../../contract/instances/dto';
import { errorData, FlotillaError } from '../../contract/errors';
import type { InstancesApi } from '../../contract/instances/api';
import { priceSourceText } from '../../contract/instances/price-source';
import { parseDuration } from '../../core/instances/duration';
import { parseEnvAssignments } from '../../core/instances/env-vars';
import { OPTION_NAME } from '../../core/projects/template-options';
import { UsageError, type Output } from '../context';
import { parseCommandLine } from '../help';
import { printChecklist, runInstancesCommand } from './instances-cli-support';

/** `flotilla launch <project> --user U --branch B [--dir D] [--count N] [--ttl 4h] [--region R] [--wait] ...` */
export function launchCommand(service: InstancesApi, argv: string[], io: Output): Promise<number> {
  return runInstancesCommand('launch', argv, io, async () => {
    // --dir was used to open the core (index.ts); every option is in command-specs.ts.
    const { values, positionals } = parseCommandLine('launch', argv);
    if (positionals.length !== 1) throw new UsageError('launch needs exactly one project id: flotilla launch <project> --user U --branch B');
    const count = values.count === undefined ? 1 : Number(values.count);
    if (!/^\d+$/.test(values.count ?? '1') || count < 1 || count > 20) throw new UsageError(`--count must be a number from 1 to 20, not '${values.count}'.`);
    if (values.ttl !== undefined && parseDuration(values.ttl) === null) throw new UsageError(`--ttl '${values.ttl}' is not a duration; write it like 90m, 4h or 2d.`);
    const rootVolume = values['root-volume-size'];
    if (rootVolume !== undefined && !/^\d+$/.test(rootVolume)) throw new UsageError(`--root-volume-size must be a whole number of GiB (like 20), not '${rootVolume}'.`);
    let env: Record<string, string> | undefined;
    try {
      env = values.env ? parseEnvAssignments(values.env) : undefined;
    } catch (error) {
      throw new UsageError(`--env: ${(error as Error).message}`);
    }
    const options = values.option ? parseOptionAssignments(values.option) : undefined;
    const revision = values.revision?.trim();
    if (values.revision !== undefined && !revision) throw new UsageError('--revision is empty; give current, previous or <package>.<rev>.');
    const market = values.market;
    if (market !== undefined && !(MARKET_MODES as readonly string[]).includes(market)) throw new UsageError(`--market must be ${MARKET_MODES.join(', ')}, not '${market}'.`);
    const input = {
      project: positionals[0]!,
      gitUser: values.user,
      branch: values.branch,
      count,
      ...(values.ttl ? { ttl: values.ttl } : {}),
      ...(values.region ? { region: values.region } : {}),
      ...(values.image ? { image: values.image } : {}),
      ...(values.type ? { instanceType: values.type } : {}),
      ...(values['key-pair'] ? { keyPair: values['key-pair'] } : {}),
      ...(values['security-group'] ? { securityGroupId: values['security-group'] } : {}),
      ...(rootVolume !== undefined ? { rootVolumeSize: Number(rootVolume) } : {}),
      ...(env ? { env } : {}),
      ...(revision ? { revision } : {}),
      ...(options ? { options } : {}),
      ...(market ? { market: market as MarketMode } : {}),
    };
    let result: LaunchResult;
    try {
      result = await service.launch(input);
    } catch (error) {
      const preflight = error instanceof FlotillaError ? errorData(error, 'invalid-input')?.preflight : undefined;
      if (!preflight) throw error;
      io.err(`flotilla launch: the checks failed; nothing was launched.`);
      printChecklist(preflight.items, io);
      return 1;
    }
    if (values.json && !values.wait) {
      io.out(JSON.stringify(result, null, 2));
      return result.failures.length > 0 ? 1 : 0;
    }
    if (!values.json) printLaunch(result, io);
    let allReady = true;
    if (values.wait && result.instances.length > 0) {
      if (!values.json) io.out(`Waiting for ${result.instances.length === 1 ? 'it' : 'them'} to answer ${result.plan.project}'s ready-url...`);
      const outcomes = await service.waitReady({ ids: result.instances.map((i) => i.id), region: result.region });
      allReady = outcomes.every((o) => o.readiness === 'ready');
      if (values.json) io.out(JSON.stringify({ ...result, ready: outcomes }, null, 2));
      else {
        for (const o of outcomes) {
          if (o.readiness === 'ready') io.out(`  ${o.id} ready: ${o.readyUrl ?? ''}`);
          else {
            io.err(`  ${o.id} ${o.readiness}: ${o.diagnosis?.summary ?? 'not ready'}`);
            if (o.diagnosis?.consoleTail) io.err(o.diagnosis.consoleTail.split('\n').map((l) => `    | ${l}`).join('\n'));
          }
        }
      }
    }
    return result.failures.length > 0 || !allReady ? 1 : 0;
  });
}

/** `['workers=4', 'site=main']` → `{ workers: '4', site: 'main' }`; the core checks names and values against the template. */
export function parseOptionAssignments(entries: readonly string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const name = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (!name) throw new UsageError(`--option '${entry}' is not NAME=VALUE; write it like --option workers=4.`);
    // Checked here: a name such as __proto__ would not survive as a key on its way to the core.
    if (!OPTION_NAME.test(name)) throw new UsageError(`--option ${name}: option names are lowercase letters, digits and _, starting with a letter (like workers).`);
    if (Object.hasOwn(options, name)) throw new UsageError(`--option ${name} is given twice; give each option once.`);
    options[name] = entry.slice(eq + 1);
  }
  return options;
}

/** What the launch deploys and with which options: the revision, the option values, where each env var comes from. */
function printChoices(plan: LaunchResult['plan'], io: Output): void {
  if (plan.revision) io.out(`Revision ${plan.revision}`);
  if (plan.access !== 'ssh') io.out(`Access ${plan.access === 'ssm' ? 'ssm (Systems Manager only: no key pair needed, no port 22)' : 'both (SSH and Systems Manager)'}`);
  const options = Object.entries(plan.options);
  if (options.length > 0) io.out(`Options ${options.map(([name, value]) => `${name}=${value}`).join(', ')}`);
  if (plan.env.length > 0) {
    const where = plan.env.map((e) => `${e.key} (${e.reference ? `${e.reference.kind}:${e.reference.name}, read at boot` : e.source === 'env-file' ? 'env file' : 'launch'})`);
    io.out(`Environment ${where.join(', ')}`);
  }
}

function printLaunch(result: LaunchResult, io: Output): void {
  printChecklist(result.preflight, io);
  printChoices(result.plan, io);
  const started = result.instances.length;
  io.out(
    `Launched ${started} of ${result.requested} instance${result.requested === 1 ? '' : 's'} of ${result.project}/${result.branch} in ${result.region} ` +
      `(launch ${result.launchId}), expiring ${result.plan.expiresAt}${result.plan.projectedCost !== null ? `, about $${result.plan.projectedCost.toFixed(2)}${result.plan.priceSource ? ` (${priceSourceText(result.plan.priceSource)})` : ''}` : ''}:`,
  );
  const markets = new Map(result.markets.map((m) => [m.id, m]));
  for (const instance of result.instances) {
    const bought = markets.get(instance.id);
    const market = result.plan.market === 'on-demand' || !bought ? '' : `  ${bought.market}${bought.fallback ? ` (Spot refused: ${bought.fallback.code})` : ''}`;
    io.out(`  ${instance.id}  ${instance.instanceType}  ${instance.state}${market}`);
  }
  const fellBack = result.markets.filter((m) => m.fallback);
  if (fellBack.length > 0) io.out(`${fellBack.length} started on-demand instead of Spot: ${fellBack[0]!.fallback!.code}: ${fellBack[0]!.fallback!.message}`);
  if (result.securityGroupCreated) io.out(`Security group ${result.securityGroupId} was created for this launch; it goes with its last instance.`);
  for (const failure of result.failures) io.err(`  ${failure.count} not started: ${failure.code}: ${failure.message}`);
}
