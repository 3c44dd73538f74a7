import { createDispatcher } from '../dispatch';
import { fakeApi } from '../../../test/support/fake-api';
import { credentialNameProblem, isCredentialName } from './credential-name';

describe('the credential-name rule (one for the contract, the keychain and the settings file)', () => {
  test('1 to 64 letters, digits, . _ or -, starting with a letter or digit', () => {
    for (const good of ['prod', 'ci-key_2', 'a.b', 'x'.repeat(64), '0day']) expect(isCredentialName(good)).toBe(true);
    for (const bad of ['', '-lead', '.hidden', 'has space', 'x'.repeat(65), 'tab\there', 'slash/name']) expect(isCredentialName(bad)).toBe(false);
  });

  test('the problem names the value and says what a name may hold', () => {
    expect(credentialNameProblem('prod')).toBeNull();
    expect(credentialNameProblem('has space')).toBe("'has space' is not a credential name: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
  });

  test('the boundary refuses a name the keychain would refuse, before the core sees it', async () => {
    const saveKey = vi.fn(async () => ({ kind: 'keychain' as const, name: 'prod', keyIdHint: 'AKIA…WXYZ' }));
    const dispatch = createDispatcher(fakeApi({ credentials: { saveKey } }), { onUnexpectedError: () => undefined });
    const key = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    expect(await dispatch('credentials.saveKey', { name: 'has space', ...key })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining("field 'name': 'has space' is not a credential name"), data: { field: 'name' } },
    });
    expect(await dispatch('credentials.deleteKey', { name: '' })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining("field 'name': is empty") } });
    expect(saveKey).not.toHaveBeenCalled();
    expect(await dispatch('credentials.saveKey', { name: 'prod', ...key })).toMatchObject({ ok: true });
  });
});
