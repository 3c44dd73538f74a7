import { useAppStore } from '../../stores/store-context';

/**
 * An SSO sign-in in progress: the code to compare with the browser page, a link to that page
 * (when the browser did not open, or was closed), and Cancel. Tokens never reach the renderer.
 */
export function SsoSignIn() {
  const busy = useAppStore((s) => s.credentials.busy);
  const pending = useAppStore((s) => s.credentials.ssoPending);
  const cancel = useAppStore((s) => s.credentials.cancelSsoLogin);
  if (!busy?.startsWith('sso:')) return null;
  const profile = busy.slice('sso:'.length);
  return (
    <section className="sso-signin" aria-label={`Signing in to ${profile}`}>
      {pending ? (
        <>
          <p>
            {pending.browserOpened ? 'Your browser shows the AWS sign-in page.' : 'Open the AWS sign-in page to approve.'} Check that it shows this
            code:
          </p>
          <p>
            <strong className="mono sso-code">{pending.userCode}</strong>
          </p>
          <p className="status" role="status">
            Waiting for you to approve in the browser…
          </p>
          <p className="hint">
            <a href={pending.verificationUri} target="_blank" rel="noreferrer">
              {pending.browserOpened ? 'Open the sign-in page again' : 'Open the sign-in page'}
            </a>{' '}
            (the code expires at {new Date(pending.expiresAt).toLocaleTimeString()}).
          </p>
        </>
      ) : (
        <p className="status" role="status">
          Starting the sign-in to {profile}…
        </p>
      )}
      <button type="button" className="button" onClick={() => void cancel()}>
        Cancel sign-in
      </button>
    </section>
  );
}
