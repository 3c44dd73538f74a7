import type { z } from 'zod';
import type { FlotillaApi } from './api';
import type { Bridge, ClientApi } from './bridge';
import type { Channel, InputOf, OutputOf } from './channels';
import { channels } from './channels';
import type { Result } from './errors';
import { eventNames, type EventName } from './events';
import { methodSchemas } from './methods';

type SchemaInput<C extends Channel> = z.infer<(typeof methodSchemas)[C]>;

describe('the method table agrees with the interfaces', () => {
  test('channels lists exactly the methods of FlotillaApi', () => {
    expectTypeOf<(typeof channels)[number]>().toEqualTypeOf<Channel>();
    expectTypeOf<keyof typeof methodSchemas>().toEqualTypeOf<Channel>();
  });

  test('each schema parses to exactly the input its method declares', () => {
    expectTypeOf<SchemaInput<'app.info'>>().toEqualTypeOf<InputOf<'app.info'>>();
    expectTypeOf<SchemaInput<'projects.list'>>().toEqualTypeOf<InputOf<'projects.list'>>();
    expectTypeOf<SchemaInput<'projects.get'>>().toEqualTypeOf<InputOf<'projects.get'>>();
    expectTypeOf<SchemaInput<'projects.preview'>>().toEqualTypeOf<InputOf<'projects.preview'>>();
    expectTypeOf<SchemaInput<'settings.update'>>().toEqualTypeOf<InputOf<'settings.update'>>();
    expectTypeOf<SchemaInput<'credentials.saveKey'>>().toEqualTypeOf<InputOf<'credentials.saveKey'>>();
    expectTypeOf<SchemaInput<'credentials.test'>>().toEqualTypeOf<InputOf<'credentials.test'>>();
    expectTypeOf<SchemaInput<'credentials.cancelSsoLogin'>>().toEqualTypeOf<InputOf<'credentials.cancelSsoLogin'>>();
    expectTypeOf<SchemaInput<'settings.importIni'>>().toEqualTypeOf<InputOf<'settings.importIni'>>();
    // LaunchInput's optional fields are `?: T` and zod's are `?: T | undefined`: mutually
    // assignable (exactOptionalPropertyTypes is off), which is what the boundary needs.
    expectTypeOf<SchemaInput<'instances.launch'>>().toExtend<InputOf<'instances.launch'>>();
    expectTypeOf<InputOf<'instances.launch'>>().toExtend<SchemaInput<'instances.launch'>>();
    expectTypeOf<SchemaInput<'instances.extend'>>().toExtend<InputOf<'instances.extend'>>();
    expectTypeOf<InputOf<'instances.extend'>>().toExtend<SchemaInput<'instances.extend'>>();
    expectTypeOf<SchemaInput<'instances.sweep'>>().toEqualTypeOf<InputOf<'instances.sweep'>>();
    expectTypeOf<SchemaInput<'revisions.packages'>>().toEqualTypeOf<InputOf<'revisions.packages'>>();
    expectTypeOf<SchemaInput<'revisions.jump'>>().toEqualTypeOf<InputOf<'revisions.jump'>>();
    expectTypeOf<SchemaInput<'revisions.jumpBack'>>().toEqualTypeOf<InputOf<'revisions.jumpBack'>>();
    expectTypeOf<SchemaInput<'agents.cancel'>>().toEqualTypeOf<InputOf<'agents.cancel'>>();
    expectTypeOf<SchemaInput<'agents.jobs'>>().toEqualTypeOf<InputOf<'agents.jobs'>>();
    expectTypeOf<SchemaInput<'agents.syncNow'>>().toExtend<InputOf<'agents.syncNow'>>();
    expectTypeOf<InputOf<'agents.syncNow'>>().toExtend<SchemaInput<'agents.syncNow'>>();
    expectTypeOf<SchemaInput<'revisions.spool'>>().toEqualTypeOf<InputOf<'revisions.spool'>>();
    expectTypeOf<SchemaInput<'revisions.cancelSpool'>>().toEqualTypeOf<InputOf<'revisions.cancelSpool'>>();
    expectTypeOf<SchemaInput<'revisions.drift'>>().toEqualTypeOf<InputOf<'revisions.drift'>>();
  });

  test('the client mirrors the API with Results', () => {
    expectTypeOf<ClientApi['projects']['get']>().parameters.toEqualTypeOf<Parameters<FlotillaApi['projects']['get']>>();
    expectTypeOf<ClientApi['projects']['preview']>().returns.toEqualTypeOf<Promise<Result<OutputOf<'projects.preview'>>>>();
    expectTypeOf<keyof ClientApi>().toEqualTypeOf<keyof FlotillaApi>();
    expectTypeOf<keyof Bridge['api']['projects']>().toEqualTypeOf<keyof FlotillaApi['projects']>();
  });

  test('eventNames lists exactly the events of EventMap', () => {
    expectTypeOf<(typeof eventNames)[number]>().toEqualTypeOf<EventName>();
  });
});
