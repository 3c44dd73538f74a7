import { credentialsNeedOf } from './credentials/needs';
import { contractErrorOf, errorData, errorProblem, fail, FlotillaError, type ContractError } from './errors';

describe('typed error data', () => {
  test('errorData answers the data only for the code asked', () => {
    const error: ContractError = { code: 'invalid-input', message: 'refused', data: { problems: [errorProblem('bad', 'branch')] } };
    expect(errorData(error, 'invalid-input')?.problems).toEqual([{ message: 'bad', text: 'bad', field: 'branch' }]);
    expect(errorData(error, 'bad-request')).toBeUndefined();
    const bare: ContractError = { code: 'invalid-input', message: 'no data' };
    expect(errorData(bare, 'invalid-input')).toBeUndefined();
  });

  test('the wire shape is unchanged: { code, message, data? }', () => {
    expect(fail('not-found', 'gone')).toEqual({ ok: false, error: { code: 'not-found', message: 'gone' } });
    expect(fail('bad-request', 'bad', { field: 'id' })).toEqual({ ok: false, error: { code: 'bad-request', message: 'bad', data: { field: 'id' } } });
    expect(contractErrorOf(new FlotillaError('forbidden', 'no', { url: 'file:///etc' }))).toEqual({ code: 'forbidden', message: 'no', data: { url: 'file:///etc' } });
    expect(JSON.parse(JSON.stringify(contractErrorOf(new FlotillaError('internal', 'oops'))))).toEqual({ code: 'internal', message: 'oops' });
  });

  test('credentialsNeedOf reads what the user must do first, and nothing from other errors', () => {
    expect(credentialsNeedOf({ code: 'invalid-input', message: 'm', data: { needs: 'mfa-code', profile: 'dev', mfaSerial: 'arn:aws:iam::1:mfa/ada' } })).toEqual({
      needs: 'mfa-code',
      profile: 'dev',
      mfaSerial: 'arn:aws:iam::1:mfa/ada',
    });
    expect(credentialsNeedOf({ code: 'invalid-input', message: 'm', data: { needs: 'sso-login', profile: 'dev', startUrl: 'https://x.awsapps.com/start' } })).toEqual({
      needs: 'sso-login',
      profile: 'dev',
      startUrl: 'https://x.awsapps.com/start',
    });
    expect(credentialsNeedOf({ code: 'forbidden', message: 'm', data: { needs: 'credential' } })).toEqual({ needs: 'credential' });
    expect(credentialsNeedOf({ code: 'invalid-input', message: 'm', data: { needs: 'mfa-code' } })).toBeNull();
    expect(credentialsNeedOf({ code: 'unavailable', message: 'm', data: { profile: 'dev' } })).toBeNull();
  });
});
