import type { Page } from '../stores/ui-slice';

const notYet: Record<Exclude<Page, 'projects' | 'settings' | 'instances'>, { title: string; text: string }> = {
  revisions: {
    title: 'Revisions',
    text: 'Revisions are not available yet. Browsing the releases stored in S3 arrives in a later version.',
  },
};

/** An honest placeholder for a page that a later version fills in. */
export function NotYetPage({ page }: { page: Exclude<Page, 'projects' | 'settings' | 'instances'> }) {
  const { title, text } = notYet[page];
  return (
    <div className="page">
      <div className="page-head">
        <h1>{title}</h1>
      </div>
      <div className="notice">
        <p>{text}</p>
      </div>
    </div>
  );
}
