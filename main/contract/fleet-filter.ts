/**
 * Filtering the fleet: a pure function with no imports but contract types, so the renderer can
 * reuse it on thousands of rows. Build the predicate once with instanceMatcher and reuse it.
 */
import type { InstanceDto, InstanceFilter } from './instances/dto';

function haystack(instance: InstanceDto): string {
  return [
    instance.id,
    instance.name,
    instance.project,
    instance.branch,
    instance.gitUser,
    instance.owner,
    instance.publicDns ?? '',
    instance.publicIp ?? '',
    instance.instanceType,
    instance.region,
    instance.state,
    instance.readiness,
    instance.revision ?? '',
    ...Object.entries(instance.tags).map(([k, v]) => `${k}=${v}`),
  ]
    .join('\n')
    .toLowerCase();
}

/** Each instance's search text, kept across matchers (DTOs are never mutated, events replace them). */
const texts = new WeakMap<InstanceDto, string>();

function searchText(instance: InstanceDto): string {
  let text = texts.get(instance);
  if (text === undefined) texts.set(instance, (text = haystack(instance)));
  return text;
}

/**
 * Makes the search text of `instances` ahead of the first search, `from` onwards, until `more()`
 * says stop; answers where it stopped (instances.length when done). The renderer runs it when idle,
 * so the first keystroke does not build thousands of them.
 */
export function prepareSearchText(instances: readonly InstanceDto[], from = 0, more: () => boolean = () => true): number {
  let i = from;
  while (i < instances.length) {
    searchText(instances[i++]!);
    if (i % 250 === 0 && !more()) break;
  }
  return i;
}

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** A predicate for `filter`; `me` is the caller's ARN, which `owner: 'mine'` stands for. */
export function instanceMatcher(filter: InstanceFilter, me: string | null = null): (instance: InstanceDto) => boolean {
  const states = filter.state === undefined ? null : new Set(Array.isArray(filter.state) ? filter.state : [filter.state]);
  const owner = blank(filter.owner) ? null : filter.owner === 'mine' ? (me ?? '\u0000no caller identity') : filter.owner!;
  const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const exact: Array<[keyof InstanceDto, string]> = [];
  if (!blank(filter.project)) exact.push(['project', filter.project!]);
  if (!blank(filter.branch)) exact.push(['branch', filter.branch!]);
  if (!blank(filter.region)) exact.push(['region', filter.region!]);
  const env = blank(filter.env) ? null : filter.env!;
  const site = blank(filter.site) ? null : filter.site!;
  return (instance) => {
    for (const [key, value] of exact) if (instance[key] !== value) return false;
    if (owner !== null && instance.owner !== owner) return false;
    if (states && !states.has(instance.state)) return false;
    if (env !== null && instance.tags.env !== env) return false;
    if (site !== null && instance.tags.site !== site) return false;
    if (words.length > 0) {
      const text = searchText(instance);
      for (const word of words) if (!text.includes(word)) return false;
    }
    return true;
  };
}

/** The instances matching every criterion given, in their order. */
export function filterInstances(instances: readonly InstanceDto[], filter: InstanceFilter, me: string | null = null): InstanceDto[] {
  return instances.filter(instanceMatcher(filter, me));
}
