import { fakeApi } from '../../test/support/fake-api';
import { createDispatcher } from './dispatch';
import { dispatchedApi } from './dispatched-api';
import { FlotillaError } from './errors';

describe('dispatchedApi', () => {
  const launch = vi.fn(async () => ({}) as never);
  const api = dispatchedApi(createDispatcher(fakeApi({ instances: { launch } }), { onUnexpectedError: () => undefined }));

  test('an input the contract refuses never reaches the core: bad-request with the schema message', async () => {
    const error = await api.instances.launch({ project: 'web', gitUser: 'u', branch: 'b', count: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlotillaError);
    expect(error).toMatchObject({ code: 'bad-request', message: "instances.launch: field 'count': must be at least 1", data: { field: 'count' } });
    expect(launch).not.toHaveBeenCalled();
  });

  test('a valid input is passed on, and the answer comes back', async () => {
    await api.instances.launch({ project: 'web', gitUser: 'u', branch: 'b', region: 'eu-west-1' });
    expect(launch).toHaveBeenCalledWith({ project: 'web', gitUser: 'u', branch: 'b', region: 'eu-west-1' });
  });
});
