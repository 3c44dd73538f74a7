import type { z } from 'zod';
import type { FlotillaApi } from './api';
import type { Bridge, ClientApi } from './bridge';
import type { Channel, OutputOf } from './channels';
import { channels } from './channels';
import type { Result } from './errors';
import { eventNames, type EventName } from './events';
import { methodSchemas } from './methods';
import type { SchemaMismatch } from './schema-check';

describe('the method table agrees with the interfaces', () => {
  test('channels lists exactly the methods of FlotillaApi', () => {
    expectTypeOf<(typeof channels)[number]>().toEqualTypeOf<Channel>();
    expectTypeOf<keyof typeof methodSchemas>().toEqualTypeOf<Channel>();
  });

  test('each schema parses to exactly the input its method declares, for every channel', () => {
    // methods.ts asserts the same at compile time; schema-check.test.ts proves that assertion bites.
    expectTypeOf<SchemaMismatch<FlotillaApi, typeof methodSchemas>>().toBeNever();
    expectTypeOf<z.output<(typeof methodSchemas)['instances.terminate']>>().toEqualTypeOf<{ ids: string[]; region?: string | undefined }>();
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
