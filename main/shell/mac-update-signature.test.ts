import { DEFAULT_CHECK_INTERVAL_MS, DEFAULT_FIRST_CHECK_DELAY_MS, RELEASES_PAGE } from './updater';
import { appBundleOf, isCodeSignatureError, macUpdateBlocker, type ExecFileLike } from './mac-update-signature';
import { setup } from './updater-fakes.test-helpers';

const EXEC_PATH = '/Applications/Flotilla.app/Contents/MacOS/Flotilla';

// What `codesign -dv --verbose=2` reports on stderr (exit 0 when signed, ad-hoc included; exit 1
// and "code object is not signed at all" when not signed).
const DEVELOPER_ID = `Executable=${EXEC_PATH}
Identifier=dev.flotilla.app
Format=app bundle with Mach-O thin (arm64)
CodeDirectory v=20500 size=1762 flags=0x10000(runtime) hashes=44+7 location=embedded
Signature size=9045
Authority=Developer ID Application: Flotilla Team (ABCDE12345)
Authority=Developer ID Certification Authority
Authority=Apple Root CA
Timestamp=1 Jun 2026 at 12:00:00
Info.plist entries=33
TeamIdentifier=ABCDE12345
Runtime Version=15.0.0
Sealed Resources version=2 rules=13 files=63
Internal requirements count=1 size=176
`;
const AD_HOC = `Executable=${EXEC_PATH}
Identifier=Flotilla
Format=app bundle with Mach-O thin (arm64)
CodeDirectory v=20400 size=1733 flags=0x2(adhoc) hashes=44+7 location=embedded
Signature=adhoc
Info.plist entries=33
TeamIdentifier=not set
Sealed Resources version=2 rules=13 files=63
Internal requirements count=0 size=12
`;

/** A codesign that answers with this report, or fails like an unsigned bundle; records its calls. */
function fakeCodesign(answer: { stderr: string } | { exitWith: string } | { missing: true }) {
  const calls: Array<[string, string[]]> = [];
  const execFile: ExecFileLike = async (file, args) => {
    calls.push([file, args]);
    if ('stderr' in answer) return { stdout: '', stderr: answer.stderr };
    if ('exitWith' in answer) throw Object.assign(new Error('Command failed: codesign'), { code: 1, stderr: answer.exitWith });
    throw Object.assign(new Error('spawn /usr/bin/codesign ENOENT'), { code: 'ENOENT' });
  };
  return { execFile, calls };
}

describe('macUpdateBlocker (codesign)', () => {
  test('finds the .app bundle of the running executable', () => {
    expect(appBundleOf(EXEC_PATH)).toBe('/Applications/Flotilla.app');
    expect(appBundleOf('/Users/me/Apps/My Tools/Flotilla.app/Contents/MacOS/Flotilla')).toBe('/Users/me/Apps/My Tools/Flotilla.app');
    expect(appBundleOf('/usr/local/bin/electron')).toBeNull();
  });

  test('a Developer ID signature: updates can install', async () => {
    const codesign = fakeCodesign({ stderr: DEVELOPER_ID });
    expect(await macUpdateBlocker(EXEC_PATH, codesign.execFile)).toBeNull();
    expect(codesign.calls).toEqual([['/usr/bin/codesign', ['-dv', '--verbose=2', '/Applications/Flotilla.app']]]);
  });

  test('an ad-hoc signature (electron-builder without a certificate): cannot', async () => {
    expect(await macUpdateBlocker(EXEC_PATH, fakeCodesign({ stderr: AD_HOC }).execFile)).toBe('Flotilla.app has only an ad-hoc signature, and macOS installs updates only into an app signed with a Developer ID');
  });

  test('no team identifier: cannot', async () => {
    const noTeam = DEVELOPER_ID.replace(/^Signature size.*\n/m, '').replace('TeamIdentifier=ABCDE12345', 'TeamIdentifier=not set');
    expect(await macUpdateBlocker(EXEC_PATH, fakeCodesign({ stderr: noTeam }).execFile)).toMatch(/^Flotilla.app has no team identifier in its signature, and macOS installs/);
  });

  test('not signed at all (codesign exits 1): cannot', async () => {
    const codesign = fakeCodesign({ exitWith: '/Applications/Flotilla.app: code object is not signed at all\n' });
    expect(await macUpdateBlocker(EXEC_PATH, codesign.execFile)).toBe('Flotilla.app is not code-signed, and macOS installs updates only into an app signed with a Developer ID');
  });

  test('codesign missing or failing otherwise: no verdict (the updater then stops at the first signature error)', async () => {
    expect(await macUpdateBlocker(EXEC_PATH, fakeCodesign({ missing: true }).execFile)).toBeNull();
    expect(await macUpdateBlocker('/opt/flotilla/flotilla', fakeCodesign({ stderr: AD_HOC }).execFile)).toBeNull();
  });

  // Squirrel.Mac's messages, as Electron's autoUpdater emits them: SQRLUpdater.m throws "Could not
  // get code signature for running application", caught in auto_updater_mac.mm SetFeedURL
  // (OnError(reason)); SQRLCodeSignature.m verifyBundleAtURL fails with "Code signature at URL %@
  // did not pass validation" in SQRLCodeSignatureErrorDomain, which electron_api_auto_updater.cc
  // OnError(message, code, domain) puts on the Error as `domain`.
  test('isCodeSignatureError: Squirrel.Mac refusing a signature, not a network failure', () => {
    expect(isCodeSignatureError(new Error('Could not get code signature for running application'))).toBe(true);
    const validation = Object.assign(
      new Error('Code signature at URL file:///var/folders/x/update.abc/Flotilla.app/ did not pass validation: code failed to satisfy specified code requirement(s)'),
      { code: -1, domain: 'SQRLCodeSignatureErrorDomain' },
    );
    expect(isCodeSignatureError(validation)).toBe(true);
    expect(isCodeSignatureError(Object.assign(new Error('whatever'), { domain: 'SQRLCodeSignatureErrorDomain' }))).toBe(true);
    expect(isCodeSignatureError(new Error('net::ERR_INTERNET_DISCONNECTED'))).toBe(false);
    expect(isCodeSignatureError(Object.assign(new Error('Cannot update while running on a read-only volume'), { domain: 'SQRLUpdaterErrorDomain' }))).toBe(false);
    expect(isCodeSignatureError(undefined)).toBe(false);
  });
});

describe('auto-update on a build macOS will not update', () => {
  const infoLines = (lines: string[]) => lines.filter((line) => line.startsWith('info auto-update: off:'));
  const problems = (lines: string[]) => lines.filter((line) => /^(warn|error) /.test(line));

  test('an unsigned or ad-hoc build: one info line saying why and where to download; no check, no electron-updater, ever', async () => {
    const reason = 'Flotilla.app has only an ad-hoc signature, and macOS installs updates only into an app signed with a Developer ID';
    const cannotUpdate = vi.fn(async () => reason);
    const { clock, updater, load, lines, setting } = setup({}, { cannotUpdate, isPermanentError: isCodeSignatureError });
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS + 5 * DEFAULT_CHECK_INTERVAL_MS);
    setting.change(false);
    setting.change(true); // opting out and back in does not start checking either
    await clock.advance(3 * DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(0);
    expect(load).not.toHaveBeenCalled();
    expect(cannotUpdate).toHaveBeenCalledTimes(1);
    expect(clock.pending()).toBe(0);
    expect(infoLines(lines)).toEqual([
      `info auto-update: off: ${reason}. Download new versions from ${RELEASES_PAGE}`,
    ]);
    expect(problems(lines)).toEqual([]);
  });

  test('a signed build checks as usual', async () => {
    const { clock, updater } = setup({}, { cannotUpdate: async () => null });
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS + 2 * DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(3);
  });

  test('a signature error at a check: one warning, then no more checks for the session (no error every 4 hours)', async () => {
    const { clock, updater, lines } = setup({}, { cannotUpdate: async () => null, isPermanentError: isCodeSignatureError });
    updater.failEvery = new Error('Could not get code signature for running application');
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS + 6 * DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(1);
    expect(clock.pending()).toBe(0);
    expect(problems(lines)).toEqual([
      `warn auto-update: off for this session: the code signature was refused, and every check would fail the same way. Download new versions from ${RELEASES_PAGE} {"error":"Could not get code signature for running application"}`,
    ]);
  });

  test('without the signature checks (the wiring before this fix), the same build warns at every check', async () => {
    const { clock, updater, lines } = setup();
    updater.failEvery = new Error('Could not get code signature for running application');
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS + 6 * DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(7);
    expect(problems(lines)).toHaveLength(7);
  });

  test('other failures (offline) still retry at the next interval', async () => {
    const { clock, updater } = setup({}, { cannotUpdate: async () => null, isPermanentError: isCodeSignatureError });
    updater.failEvery = new Error('net::ERR_INTERNET_DISCONNECTED');
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS + 2 * DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(3);
  });
});
