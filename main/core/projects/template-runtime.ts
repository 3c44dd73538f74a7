/**
 * The render-time half of the template sandbox (issue 11); template-guard.ts is the load-time
 * half. Each render gets its own copy of nunjucks' runtime helpers in which:
 *
 * - a variable or property is read only if it is the value's OWN data (never `constructor`, a
 *   method, an accessor, or anything inherited from a prototype);
 * - only macros of the template, `caller` and a bounded range() can be called;
 * - loops, calls, output and range() have limits, so a render ends in bounded time and memory;
 *
 * and the variables are deep-copied into frozen plain data first. The environment has no loader
 * (no file can be included) and only the filters template-guard.ts allows.
 */
import nunjucks from 'nunjucks';
import { ALLOWED_FILTERS, ALLOWED_TESTS, ATTRIBUTE_ARGUMENT, isDataPath, isDataProperty, isVariableName, TEST_ARGUMENT } from './template-guard';

export const TEMPLATE_LIMITS = {
  /** Numbers one range() call may produce. */
  rangeItems: 10_000,
  /** Items all loops of one render may go through together. */
  loopItems: 100_000,
  /** Macro, caller and range calls of one render. */
  calls: 10_000,
  /** Characters one render may output through expressions. */
  outputChars: 1_000_000,
  /** Length of any text a filter is given. */
  filterTextChars: 1_000_000,
  /** Widths and counts given to indent, center and slice. */
  filterWidth: 10_000,
  /** Wall-clock time one render may take, checked at every variable write, lookup and call. */
  renderMs: 3_000,
  /** Nesting of lists and maps passed as variables. */
  dataDepth: 16,
} as const;

/** Thrown (and reported as `template refused: ...`) when a render breaks a rule. */
export function refusal(message: string): Error {
  return new Error(`refused: ${message}`);
}

type Fn = (...args: unknown[]) => unknown;
interface Runtime {
  makeMacro(...args: unknown[]): Fn;
  memberLookup(obj: unknown, key: unknown): unknown;
  contextOrFrameLookup(context: unknown, frame: unknown, name: string): unknown;
  callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown;
  fromIterator(value: unknown): unknown;
  suppressValue(value: unknown, autoescape: boolean): unknown;
  inOperator(key: unknown, value: unknown): boolean;
  copySafeness(source: unknown, value: string): unknown;
  SafeString: new (value: string) => { val: string; length: number };
  [helper: string]: unknown;
}
interface Frame {
  lookup(name: string): unknown;
  set(name: string, value: unknown, resolveUp?: boolean): void;
  push(isolateWrites?: boolean): Frame;
  topLevel: boolean;
}
type FrameClass = new (parent?: Frame, isolateWrites?: boolean) => Frame;
interface Context {
  ctx: Record<string, unknown>;
  env: { globals: Record<string, unknown> };
}

const baseRuntime = (nunjucks as unknown as { runtime: Runtime }).runtime;
const { SafeString } = baseRuntime;

/** Every function a template may call: its macros (made by makeMacro below) and boundedRange. */
const callable = new WeakSet<object>();

/** nunjucks' range(), refusing to build more than TEMPLATE_LIMITS.rangeItems numbers. */
export function boundedRange(start: unknown, stop?: unknown, step?: unknown): number[] {
  const numbers = [start, stop, step].filter((n) => n !== undefined);
  if (numbers.some((n) => typeof n !== 'number' || !Number.isFinite(n))) throw refusal('range() takes numbers');
  const [from, to, by] = stop === undefined ? [0, start as number, 1] : [start as number, stop as number, (step as number | undefined) || 1];
  const count = Math.max(0, Math.ceil((to - from) / by));
  if (count > TEMPLATE_LIMITS.rangeItems) throw refusal(`range() can make at most ${TEMPLATE_LIMITS.rangeItems} numbers, not ${count}`);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(from + i * by);
  return out;
}
callable.add(boundedRange);

function isCallable(value: unknown): boolean {
  return typeof value === 'function' && callable.has(value);
}

/** A value a template may hold: anything but a function that is not one of its own macros. */
function checked(value: unknown, name: string): unknown {
  if (typeof value === 'function' && !isCallable(value)) throw refusal(`'${name}' is a function, not data`);
  return value;
}

function ownData(obj: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(obj, key);
  if (!descriptor) return undefined;
  if (!('value' in descriptor)) throw refusal(`property '${key}' is not data`);
  return checked(descriptor.value, key);
}

/** Deep copy of a variable as frozen plain data: text, numbers, booleans, lists and maps only. */
export function toTemplateData(value: unknown, path: string, depth = 0): unknown {
  if (value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  if (depth >= TEMPLATE_LIMITS.dataDepth) throw refusal(`variable ${path} is nested too deeply`);
  if (Array.isArray(value)) return Object.freeze(value.map((item, i) => toTemplateData(item, `${path}[${i}]`, depth + 1)));
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value as object)) {
      const item = (value as Record<string, unknown>)[key];
      Object.defineProperty(copy, key, { value: toTemplateData(item, `${path}.${key}`, depth + 1), enumerable: true });
    }
    return Object.freeze(copy);
  }
  throw refusal(`variable ${path} is a ${typeof value}; only text, numbers, booleans, lists and maps can be passed to a template`);
}

/** The context a template is rendered with: every variable as frozen data. */
export function templateContext(vars: Record<string, unknown>): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (!isVariableName(name)) throw refusal(`'${name}' cannot be a template variable`);
    context[name] = toTemplateData(value, name);
  }
  return context;
}

function textLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (value instanceof SafeString) return value.length;
  return 0;
}

/**
 * Where a render's clock check is kept on its nunjucks Context, so that filters (called with the
 * context as `this`, and holding no runtime) check the deadline too.
 */
const TICK = Symbol('flotilla.renderTick');

/** A fresh copy of nunjucks' runtime with the checks above; one per render (it counts). */
export function createRuntime(options: { now?: () => number } = {}): Runtime & { Frame: FrameClass; tick(): void } {
  const now = options.now ?? (() => performance.now());
  const deadline = now() + TEMPLATE_LIMITS.renderMs;
  let calls = 0;
  let loopItems = 0;
  let outputChars = 0;
  const tick = () => {
    if (now() > deadline) throw refusal(`the render took longer than ${TEMPLATE_LIMITS.renderMs / 1000} seconds`);
  };
  /** nunjucks' Frame, checking the clock at every write (each loop iteration writes loop.index). */
  class TimedFrame extends (baseRuntime.Frame as FrameClass) {
    override set(name: string, value: unknown, resolveUp?: boolean): void {
      tick();
      super.set(name, value, resolveUp);
    }
    override push(isolateWrites?: boolean): Frame {
      return new TimedFrame(this, isolateWrites);
    }
  }
  return {
    ...baseRuntime,
    Frame: TimedFrame,
    tick,
    makeMacro(...args: unknown[]) {
      const macro = baseRuntime.makeMacro(...args);
      callable.add(macro);
      return macro;
    },
    memberLookup(obj, key) {
      tick();
      if (obj === undefined || obj === null) return undefined;
      const isText = typeof obj === 'string' || obj instanceof SafeString;
      if (typeof key === 'number') {
        if (typeof obj === 'string' || Array.isArray(obj)) return checked((obj as ArrayLike<unknown>)[key], String(key));
        return typeof obj === 'object' ? ownData(obj, String(key)) : undefined;
      }
      if (typeof key !== 'string' || !isDataProperty(key)) throw refusal(`property '${String(key)}' is not data`);
      if (key === 'length' && (isText || Array.isArray(obj))) return (obj as { length: number }).length;
      if (typeof obj === 'function') throw refusal(`'${key}' of a function is not data`);
      if (typeof obj !== 'object') return undefined;
      return ownData(obj, key);
    },
    contextOrFrameLookup(context, frame, name) {
      tick();
      if (!isVariableName(name)) throw refusal(`'${name}' is not a variable a template can read`);
      const fromFrame = (frame as Frame).lookup(name);
      if (fromFrame !== undefined) return checked(fromFrame, name);
      const { ctx, env } = context as Context;
      if (Object.hasOwn(ctx, name)) return checked(ctx[name], name);
      if (Object.hasOwn(env.globals, name)) return checked(env.globals[name], name);
      return undefined;
    },
    callWrap(fn, name, context, args) {
      tick();
      if (fn === undefined || fn === null) throw refusal(`'${name}' is not defined here; define a macro before the line that calls it`);
      if (!isCallable(fn)) throw refusal(`'${name}' cannot be called; only macros defined in this file, caller() and range() can`);
      if (++calls > TEMPLATE_LIMITS.calls) throw refusal(`the template makes more than ${TEMPLATE_LIMITS.calls} calls`);
      return (fn as Fn).apply(context, args);
    },
    fromIterator(value) {
      tick();
      const count =
        typeof value === 'string' || Array.isArray(value) ? value.length : typeof value === 'object' && value !== null ? Object.keys(value).length : 0;
      loopItems += count;
      if (loopItems > TEMPLATE_LIMITS.loopItems) throw refusal(`loops go through more than ${TEMPLATE_LIMITS.loopItems} items`);
      return baseRuntime.fromIterator(value);
    },
    suppressValue(value, autoescape) {
      tick();
      if (typeof value === 'function') throw refusal('a function cannot be output; call it, as in {{ name() }}');
      const out = baseRuntime.suppressValue(value, autoescape);
      outputChars += typeof out === 'string' || out instanceof SafeString ? out.length : String(out).length;
      if (outputChars > TEMPLATE_LIMITS.outputChars) throw refusal(`the output is longer than ${TEMPLATE_LIMITS.outputChars} characters`);
      return out;
    },
    inOperator(key, value) {
      if (textLength(key) > TEMPLATE_LIMITS.filterTextChars || textLength(value) > TEMPLATE_LIMITS.filterTextChars) {
        throw refusal(`'in' was given more than ${TEMPLATE_LIMITS.filterTextChars} characters`);
      }
      if (Array.isArray(value) || typeof value === 'string') return baseRuntime.inOperator(key, value);
      if (typeof value === 'object' && value !== null && typeof key === 'string') return Object.hasOwn(value, key);
      return baseRuntime.inOperator(key, value);
    },
  };
}

/** Filters whose second argument is a width or a count they loop over (batch pads to it). */
const WIDTH_FILTERS = new Set(['indent', 'center', 'slice', 'batch']);

/** A filter that refuses long texts, huge widths, non-data attribute paths and unknown test names. */
function guardedFilter(name: string, filter: Fn): Fn {
  const attribute = ATTRIBUTE_ARGUMENT[name];
  const test = TEST_ARGUMENT[name];
  return function (this: unknown, ...args: unknown[]) {
    // The deadline is checked around every filter: a chain of filters writes and looks up nothing.
    const tick = (this as { [TICK]?: () => void } | undefined)?.[TICK];
    tick?.();
    const width = args[1];
    if (WIDTH_FILTERS.has(name) && width !== undefined && !(typeof width === 'number' && Math.abs(width) <= TEMPLATE_LIMITS.filterWidth)) {
      throw refusal(`filter '${name}' takes a width of at most ${TEMPLATE_LIMITS.filterWidth}`);
    }
    for (const arg of args) {
      if (textLength(arg) > TEMPLATE_LIMITS.filterTextChars) throw refusal(`filter '${name}' was given more than ${TEMPLATE_LIMITS.filterTextChars} characters`);
      if (typeof arg === 'function') throw refusal(`filter '${name}' was given a function, not data`);
    }
    const attr = attribute === undefined ? undefined : args[attribute];
    if (attr !== undefined && (typeof attr !== 'string' || !isDataPath(attr))) throw refusal(`'${String(attr)}' is not a data attribute`);
    const testName = test === undefined ? undefined : args[test];
    if (testName !== undefined && (typeof testName !== 'string' || !ALLOWED_TESTS.includes(testName))) throw refusal(`'${String(testName)}' is not a test`);
    const result = checked(filter.apply(this, args), name);
    tick?.();
    return result;
  };
}

/**
 * nunjucks' trim is str.replace(/^\s*|\s*$/g, ''), quadratic on text with a long run of spaces
 * not at its end; String.prototype.trim removes the same characters (\s) in linear time.
 */
function linearTrim(str: unknown): unknown {
  if (typeof str !== 'string' && !(str instanceof SafeString)) throw new TypeError('trim takes text'); // nunjucks' trim throws too
  return baseRuntime.copySafeness(str, String(str).trim());
}

/**
 * An environment with no loader (passing `null` would make nunjucks fall back to a
 * FileSystemLoader on `./views`), no globals but a bounded range(), and only the allowed filters.
 */
export function createSandboxEnvironment(extraFilters: Record<string, Fn>): nunjucks.Environment {
  const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false, trimBlocks: false });
  const internals = env as unknown as { filters: Record<string, Fn>; globals: Record<string, unknown>; tests: Record<string, Fn> };
  const builtin: Record<string, Fn> = { ...internals.filters, trim: linearTrim, ...extraFilters };
  internals.filters = Object.create(null) as Record<string, Fn>;
  for (const name of ALLOWED_FILTERS) if (builtin[name]) internals.filters[name] = guardedFilter(name, builtin[name]);
  internals.tests = Object.assign(Object.create(null) as Record<string, Fn>, internals.tests);
  internals.globals = Object.assign(Object.create(null) as Record<string, unknown>, { range: boundedRange });
  return env;
}

/** Makes a compiled template render with a fresh checked runtime instead of nunjucks' global one. */
export function sandboxTemplate(template: nunjucks.Template, options: { now?: () => number } = {}): void {
  const internals = template as unknown as { rootRenderFunc: (...args: unknown[]) => unknown; compile(): void };
  internals.compile();
  const root = internals.rootRenderFunc;
  internals.rootRenderFunc = function (this: unknown, env: unknown, context: unknown, frame: unknown, _runtime: unknown, cb: unknown) {
    const runtime = createRuntime(options);
    Object.defineProperty(context, TICK, { value: runtime.tick, configurable: true });
    const top = new runtime.Frame();
    top.topLevel = (frame as Frame).topLevel;
    return root.call(this, env, context, top, runtime, cb);
  };
}
