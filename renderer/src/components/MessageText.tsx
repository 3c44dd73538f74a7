import { Fragment } from 'react';

/** `text` split into plain runs and the `backticked` spans messages use for commands. */
export function messageParts(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  const span = /`([^`\n]+)`/g;
  let last = 0;
  for (let m = span.exec(text); m; m = span.exec(text)) {
    if (m.index > last) parts.push({ code: false, text: text.slice(last, m.index) });
    parts.push({ code: true, text: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ code: false, text: text.slice(last) });
  return parts;
}

/**
 * A message from main or the renderer as the user reads it: commands written between backticks
 * (`ssh-add <file>`) show as code, never as raw backticks. A lone backtick stays as it is.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {messageParts(text).map((p, i) =>
        p.code ? (
          <code key={i} className="mono">
            {p.text}
          </code>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}
