import type { SetupTarget } from '@contract/setup/dto';

/** The id of the Settings element where a checklist line is fixed (fields.tsx fieldId for fields). */
export function settingTargetId(target: SetupTarget, region: string): string {
  switch (target) {
    case 'aws-accounts':
      return 'settings-aws-accounts';
    case 'default-region':
      return 'setting-defaultRegion';
    case 'key-pair':
      return `setting-regionKeys-${region.replace(/[^A-Za-z0-9_-]/g, '-')}-keyPair`;
    case 'ingress-cidr':
      return 'setting-ingressCidr';
    case 'revisions-bucket':
      return 'setting-revisions-bucket';
  }
}

/**
 * Shows Settings, then scrolls to the element `id` and focuses it once the page has drawn it
 * (Settings loads its values first); gives up after `timeoutMs`.
 */
export function goToSetting(showSettings: () => void, id: string, timeoutMs = 3000): void {
  showSettings();
  const start = Date.now();
  const attempt = () => {
    const element = document.getElementById(id);
    if (element) {
      // Optional call: some DOMs (jsdom) have no scrollIntoView.
      element.scrollIntoView?.({ block: 'center' });
      element.focus();
      return;
    }
    if (Date.now() - start < timeoutMs) setTimeout(attempt, 50);
  };
  setTimeout(attempt, 0);
}
