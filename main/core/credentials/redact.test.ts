import { FlotillaError } from '../../contract/errors';
import { captureLogger } from '../settings/settings.test-helpers';
import { maskKeyId } from './mask';
import { createRedactingLogger, redact, redactError, redactValue } from './redact';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEHMaCXVzLWVhc3QtMSJHMEUCIQD' + 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9f'.repeat(4);

describe('redact', () => {
  test('removes secret keys and session tokens by their shape', () => {
    expect(redact(`key ${SECRET} end`)).toBe('key [redacted secret] end');
    expect(redact(`"${SECRET}"`)).toBe('"[redacted secret]"');
    expect(redact(`token=${TOKEN}`)).toBe('token=[redacted token]');
    expect(redact(`X ${TOKEN} Y`)).toBe('X [redacted token] Y');
  });

  test('masks access key ids', () => {
    expect(redact('used AKIAIOSFODNN7EXAMPLE and ASIAIOSFODNN7EXAMPLE')).toBe('used AKIA…MPLE and ASIA…MPLE');
    expect(maskKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
  });

  test('redacts values of secret-named keys whatever their shape', () => {
    expect(redact('aws_secret_access_key = short')).toBe('aws_secret_access_key = [redacted]');
    expect(redact('{"secretAccessKey":"abc","sessionToken":"def"}')).toBe('{"secretAccessKey":"[redacted]","sessionToken":"[redacted]"}');
    expect(redact('X-Amz-Security-Token: abc123')).toBe('X-Amz-Security-Token: [redacted]');
  });

  test('removes known secrets exactly, even when they do not look like one', () => {
    expect(redact('the password is hunter2hunter2', ['hunter2hunter2'])).toBe('the password is [redacted]');
    expect(redact('short abc', ['abc'])).toBe('short abc'); // too short to be a secret; would wreck text
    const live = new Set<string>();
    const fn = () => live;
    live.add('sEcReT-vAlUe-123');
    expect(redact('x sEcReT-vAlUe-123 y', fn)).toBe('x [redacted] y');
  });

  test('spares what only looks alike: git hashes, paths, words, URLs', () => {
    const sha = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
    expect(redact(`commit ${sha}`)).toBe(`commit ${sha}`);
    expect(redact('/home/alice/projects/flotilla/main/core/settings/service.ts')).toBe('/home/alice/projects/flotilla/main/core/settings/service.ts');
    expect(redact('https://acme.awsapps.com/start#/console?account_id=111122223333')).toBe('https://acme.awsapps.com/start#/console?account_id=111122223333');
    expect(redact('ami-0123456789abcdef0 in eu-west-1')).toBe('ami-0123456789abcdef0 in eu-west-1');
  });

  test('redactValue walks objects and drops secret-named fields', () => {
    expect(redactValue({ a: [`k ${SECRET}`], nested: { secretAccessKey: 'x', ok: 1, error: new Error(SECRET) } })).toEqual({
      a: ['k [redacted secret]'],
      nested: { secretAccessKey: '[redacted]', ok: 1, error: 'Error: [redacted secret]' },
    });
  });

  test('redactError keeps the code of a FlotillaError and makes anything else internal', () => {
    const e = redactError(new FlotillaError('forbidden', `bad ${SECRET}`, { detail: SECRET }));
    expect([e.code, e.message, e.data]).toEqual(['forbidden', 'bad [redacted secret]', { detail: '[redacted secret]' }]);
    expect(redactError(new TypeError(`oops ${SECRET}`)).code).toBe('internal');
  });

  test('the redacting logger cleans messages and fields', () => {
    const inner = captureLogger();
    const logger = createRedactingLogger(inner, ['hunter2hunter2']);
    logger.info(`sent ${SECRET}`, { password: 'hunter2hunter2', key: 'AKIAIOSFODNN7EXAMPLE' });
    logger.error('plain');
    expect(inner.lines).toEqual(['[info] sent [redacted secret] {"password":"[redacted]","key":"AKIA…MPLE"}', '[error] plain']);
  });
});
