import type { Tone } from './instance-words';

const paths: Record<Tone, string> = {
  ok: 'M20 6 9 17l-5-5',
  warn: 'M12 4 2.5 20h19zM12 10v4M12 17h.01',
  error: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9 9l6 6M15 9l-6 6',
  busy: 'M12 3a9 9 0 1 0 9 9M12 7v5l3 2',
  idle: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM8 12h8',
};

/** A decorative icon for a tone; the words next to it carry the meaning. */
export function StatusIcon({ tone }: { tone: Tone }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2"
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={paths[tone]} />
    </svg>
  );
}
