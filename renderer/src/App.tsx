import { useEffect, useRef } from 'react';
import { AppHeader } from './components/AppHeader';
import { MainNav } from './components/MainNav';
import { ProjectsPage } from './pages/ProjectsPage';
import { InstancesPage } from './features/instances/InstancesPage';
import { RevisionsPage } from './features/revisions/RevisionsPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { ThemeSync } from './features/settings/ThemeSync';
import { useAppStore } from './stores/store-context';
import { selectPage } from './stores/ui-slice';

export function App() {
  const page = useAppStore(selectPage);
  const loadInfo = useAppStore((s) => s.app.loadInfo);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    void loadInfo();
  }, [loadInfo]);

  // Each page starts at its top (the content area scrolls, not the window).
  useEffect(() => {
    if (main.current) main.current.scrollTop = 0;
  }, [page]);

  return (
    <div className="app">
      <AppHeader />
      <MainNav />
      <ThemeSync />
      <main className="content" ref={main}>
        {page === 'projects' ? <ProjectsPage /> : page === 'settings' ? <SettingsPage /> : page === 'instances' ? <InstancesPage /> : <RevisionsPage />}
      </main>
    </div>
  );
}
