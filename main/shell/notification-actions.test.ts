import { FlotillaError } from '../contract/errors';
import { createNotificationActionHandler } from './notification-actions';

function setup() {
  const instances = {
    openUrl: vi.fn(async () => ({ url: 'http://x/' })),
    openSsh: vi.fn(async () => ({ command: 'ssh' as const, args: [], text: 'ssh', user: 'u', host: 'h', keyFile: null })),
    extend: vi.fn(async () => {
      throw new FlotillaError('invalid-input', 'That would expire beyond the maximum.');
    }),
  };
  const logger = { warn: vi.fn() };
  const onError = vi.fn();
  return { instances, logger, onError, handle: createNotificationActionHandler({ instances: instances as never, logger, onError }) };
}

describe('notification actions', () => {
  test('routes open and ssh to the core with the instance and its region', async () => {
    const { instances, handle, onError } = setup();
    await handle('open:eu-west-1/i-0123456789abcdef0');
    await handle('ssh:us-east-1/i-0000000000000000a');
    expect(instances.openUrl).toHaveBeenCalledWith({ id: 'i-0123456789abcdef0', region: 'eu-west-1' });
    expect(instances.openSsh).toHaveBeenCalledWith({ id: 'i-0000000000000000a', region: 'us-east-1' });
    expect(onError).not.toHaveBeenCalled();
  });

  test('extends by an hour, and shows why when that is refused', async () => {
    const { instances, handle, onError } = setup();
    await handle('extend:us-east-1/i-0123456789abcdef0');
    expect(instances.extend).toHaveBeenCalledWith({ id: 'i-0123456789abcdef0', region: 'us-east-1', duration: '1h' });
    expect(onError).toHaveBeenCalledWith('Could not extend i-0123456789abcdef0', expect.objectContaining({ message: 'That would expire beyond the maximum.' }));
  });

  test('ignores (and logs) anything that is not an action id', async () => {
    const { instances, handle, logger } = setup();
    await handle('terminate:us-east-1/i-0123456789abcdef0');
    await handle('open:us-east-1/i-0123; rm -rf ~');
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(instances.openUrl).not.toHaveBeenCalled();
  });
});
