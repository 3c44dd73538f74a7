/**
 * Whether this macOS build can install updates at all. Squirrel.Mac, under Electron's autoUpdater
 * (and so electron-updater's MacUpdater), installs only into an app signed with a real identity:
 * "Your application must be signed for automatic updates on macOS. This is a requirement of
 * `Squirrel.Mac`" (electron docs/api/auto-updater.md line 30, at v45.0.0-nightly.20260821;
 * docs/tutorial/code-signing.md "macOS APIs that require code signing"; electron-builder
 * website/docs/features/auto-update.md "Code signing is required on macOS"). An unsigned app fails
 * every check with "Could not get code signature for running application" (Squirrel.Mac
 * SQRLUpdater.m initWithUpdateRequest, caught by electron shell/browser/auto_updater_mac.mm
 * SetFeedURL), and an ad-hoc signed one (what electron-builder's resetAdHocDarwinSignature leaves
 * without a certificate) has a designated requirement of its own cdhash, which no new build
 * satisfies: "Code signature at URL … did not pass validation" (SQRLCodeSignature.m
 * verifyBundleAtURL, domain SQRLCodeSignatureErrorDomain), after the whole zip was downloaded.
 */
import path from 'node:path';

/** Runs a program and answers its output; rejects on a non-zero exit (with stderr on the error), like promisified execFile. */
export type ExecFileLike = (file: string, args: string[]) => Promise<{ stdout: string; stderr: string }>;

/** The .app bundle a macOS executable runs from (…/Flotilla.app/Contents/MacOS/Flotilla → …/Flotilla.app), or null. */
export function appBundleOf(execPath: string): string | null {
  const parts = execPath.split('/');
  const at = parts.findLastIndex((part) => part.endsWith('.app'));
  return at > 0 ? parts.slice(0, at + 1).join('/') : null;
}

const ONLY_DEVELOPER_ID = 'and macOS installs updates only into an app signed with a Developer ID';

/**
 * Why this build cannot install updates, read from `codesign -dv --verbose=2 <App.app>` (which
 * writes its report to stderr): no signature, an ad-hoc one, or none with a team identifier.
 * Null when it is signed with a certificate, and also when codesign cannot tell (then the updater
 * still stops at the first signature error).
 */
export async function macUpdateBlocker(execPath: string, execFile: ExecFileLike): Promise<string | null> {
  const bundle = appBundleOf(execPath);
  if (!bundle) return null;
  let report: string;
  try {
    const { stdout, stderr } = await execFile('/usr/bin/codesign', ['-dv', '--verbose=2', bundle]);
    report = `${stderr}\n${stdout}`;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown })?.stderr ?? '');
    if (/not signed at all/.test(stderr)) return `${path.basename(bundle)} is not code-signed, ${ONLY_DEVELOPER_ID}`;
    return null;
  }
  if (/^Signature=adhoc$/m.test(report)) return `${path.basename(bundle)} has only an ad-hoc signature, ${ONLY_DEVELOPER_ID}`;
  const team = /^TeamIdentifier=(.+)$/m.exec(report)?.[1]?.trim();
  if (!team || team === 'not set') return `${path.basename(bundle)} has no team identifier in its signature, ${ONLY_DEVELOPER_ID}`;
  return null;
}

/**
 * An updater error that comes from macOS refusing the code signature (the running app's or the
 * update's): it will fail the same way at every check.
 */
export function isCodeSignatureError(error: unknown): boolean {
  const { message, domain } = (error ?? {}) as { message?: unknown; domain?: unknown };
  if (domain === 'SQRLCodeSignatureErrorDomain') return true;
  return /Could not get code signature for running application|Code signature at URL .* did not pass validation/.test(String(message ?? error));
}
