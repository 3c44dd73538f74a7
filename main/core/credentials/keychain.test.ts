import { FlotillaError } from '../../contract/errors';
import { readKey, writeKey } from './keychain';
import { memorySecrets } from './credentials-fakes.test-helpers';

const KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('keychain entries', () => {
  test('round-trip, with a session token for temporary keys', async () => {
    const secrets = memorySecrets();
    expect(await writeKey(secrets, 'work', KEY)).toEqual({ kind: 'keychain', name: 'work', keyIdHint: 'AKIA…MPLE' });
    expect(await readKey(secrets, 'work')).toEqual(KEY);
    const temp = { ...KEY, accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'FwoGZXIvYXdzEBYaDExample+Token/1234==' };
    await writeKey(secrets, 'temp', temp);
    expect(await readKey(secrets, 'temp')).toEqual(temp);
    expect(await readKey(secrets, 'none')).toBeNull();
  });

  test('a temporary key needs its token; a foreign entry is reported, not parsed into nonsense', async () => {
    const secrets = memorySecrets();
    await expect(writeKey(secrets, 'temp', { ...KEY, accessKeyId: 'ASIAIOSFODNN7EXAMPLE' })).rejects.toThrow('an ASIA… access key is temporary and needs its session token');
    secrets.entries.set('foreign', 'hunter2');
    const error = await readKey(secrets, 'foreign').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlotillaError);
    expect((error as FlotillaError).message).toBe("The keychain entry 'Flotilla / foreign' is not an access key Flotilla stored; delete it in Settings → AWS accounts and add the key again.");
  });
});
