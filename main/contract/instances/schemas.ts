import { z } from 'zod';
import { noInput, requiredText, text } from '../schema-rules';
import type { InstancesApi } from './api';
import { MARKET_MODES, type MarketMode } from './dto';
import { MAX_ROOT_VOLUME_GIB } from './launch-dto';

// Payload schemas for InstancesApi, one per method, for the method table (methods.ts). They check
// shape and size; the service checks meaning (names, durations, limits) with messages that say
// what to fix.

export const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'is not an AWS region code such as eu-west-1');
export const instanceId = z.string().regex(/^i-[0-9a-f]{8,17}$/, 'is not an instance id (i- followed by 8 or 17 hex digits)');
const ref = z.strictObject({ id: instanceId, region: region.optional() });
const shellRef = ref.extend({ via: z.enum(['ssh', 'ssm']).optional() });
const ids = z.array(instanceId).min(1, 'names no instance').max(1000);

const launchInput = z.strictObject({
  project: requiredText(200),
  gitUser: text(100),
  branch: text(255),
  count: z.number().int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20').optional(),
  ttl: text(32).optional(),
  // The service checks the region's and image's meaning, so every problem of a launch comes back at once, by field.
  region: text(32).optional(),
  image: text(200).optional(),
  instanceType: text(64).optional(),
  keyPair: text(255).optional(),
  securityGroupId: text(64).optional(),
  env: z.record(text(128), text(4096)).optional(),
  revision: text(1024).optional(),
  options: z.record(text(64), text(1024)).optional(),
  launchId: text(64).optional(),
  rootVolumeSize: z.number().int('must be a whole number of GiB').min(1, 'must be at least 1 GiB').max(MAX_ROOT_VOLUME_GIB, `must be at most ${MAX_ROOT_VOLUME_GIB} GiB`).optional(),
  market: z.enum(MARKET_MODES as [MarketMode, ...MarketMode[]], { error: `must be one of ${MARKET_MODES.join(', ')}` }).optional(),
});

/** Keyed by method name; registered as `'instances.list': instancesInputSchemas.list`, ... */
export const instancesInputSchemas = {
  list: z.strictObject({ regions: z.array(region).max(40).optional() }),
  get: ref,
  resolveLaunch: launchInput.partial().extend({ project: launchInput.shape.project }),
  preflight: launchInput,
  launch: launchInput,
  waitReady: z.strictObject({ ids, region: region.optional() }),
  extend: z.strictObject({ id: instanceId, region: region.optional(), duration: text(32), confirm: z.boolean().optional() }),
  pin: z.strictObject({ id: instanceId, region: region.optional(), confirm: z.boolean() }),
  unpin: z.strictObject({ id: instanceId, region: region.optional(), duration: text(32).optional() }),
  terminate: z.strictObject({ ids, region: region.optional() }),
  sweep: noInput,
  sshCommand: shellRef,
  openSsh: shellRef,
  openUrl: ref,
  consoleOutput: ref,
  diagnose: ref,
} satisfies { [M in keyof InstancesApi]: z.ZodType };
