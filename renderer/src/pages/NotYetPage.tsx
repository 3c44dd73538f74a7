import type { Page } from '../stores/ui-slice';

const notYet: Record<Exclude<Page, 'projects'>, { title: string; text: string }> = {
  instances: {
    title: 'Instances',
    text: 'Instances are not available yet. Launching and tracking EC2 instances arrives in a later version.',
  },
  revisions: {
    title: 'Revisions',
    text: 'Revisions are not available yet. Browsing the releases stored in S3 arrives in a later version.',
  },
  settings: {
    title: 'Settings',
    text: 'Settings are not available yet. AWS profiles and preferences arrive in a later version.',
  },
};

/** An honest placeholder for a page that a later version fills in. */
export function NotYetPage({ page }: { page: Exclude<Page, 'projects'> }) {
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
