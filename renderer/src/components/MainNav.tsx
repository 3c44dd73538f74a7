import { useAppStore } from '../stores/store-context';
import { selectPage, type Page } from '../stores/ui-slice';
import { Icon } from './Icon';

const items: { page: Page; label: string }[] = [
  { page: 'projects', label: 'Projects' },
  { page: 'instances', label: 'Instances' },
  { page: 'revisions', label: 'Revisions' },
  { page: 'settings', label: 'Settings' },
];

export function MainNav() {
  const page = useAppStore(selectPage);
  const showPage = useAppStore((s) => s.ui.showPage);
  return (
    <nav className="sidebar" aria-label="Main">
      <ul className="nav-list">
        {items.map((item) => (
          <li key={item.page}>
            <button
              type="button"
              className="nav-item"
              aria-current={page === item.page ? 'page' : undefined}
              onClick={() => showPage(item.page)}
            >
              <Icon name={item.page} />
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
