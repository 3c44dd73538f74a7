import { NO_TOKEN_MESSAGE } from './client';

/** Browser mode opened without a token: say how to open it, and nothing else. */
export function NoTokenNotice() {
  return (
    <main style={{ maxWidth: '40rem', margin: '4rem auto', padding: '0 1rem' }}>
      <h1>Flotilla</h1>
      <div className="alert alert--error" role="alert">
        {NO_TOKEN_MESSAGE}
      </div>
    </main>
  );
}
