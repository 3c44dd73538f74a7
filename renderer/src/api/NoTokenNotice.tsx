import { ErrorAlert } from '../components/ErrorAlert';

/** Browser mode opened without a token: say how to open it, and nothing else (NO_TOKEN_MESSAGE, with the command as code). */
export function NoTokenNotice() {
  return (
    <main style={{ maxWidth: '40rem', margin: '4rem auto', padding: '0 1rem' }}>
      <h1>Flotilla</h1>
      <ErrorAlert
        message="This page has no access token. Open the URL that `flotilla serve` printed in its terminal (it ends in `#token=…`)."
      />
    </main>
  );
}
