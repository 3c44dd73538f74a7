import { useEffect, useRef } from 'react';
import { AppHeader } from './components/AppHeader';
import { MainNav } from './components/MainNav';
import { SetupChecklist } from './components/SetupChecklist';
import { ProjectsPage } from './features/projects/ProjectsPage';
import { InstancesPage } from './features/instances/InstancesPage';
import { RevisionsPage } from './features/revisions/RevisionsPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { ThemeSync } from './features/settings/ThemeSync';
import { UnsavedGuard } from './features/settings/UnsavedGuard';
import { useAppStore } from './stores/store-context';
import { selectPage } from './stores/ui-slice';

export function App() {
  const page = useAppStore(selectPage);
  const loadInfo = useAppStore((s) => s.app.loadInfo);
  const refreshSetup = useAppStore((s) => s.setup.refresh);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    void loadInfo();
    void refreshSetup();
  }, [loadInfo, refreshSetup]);

  // Each page starts at its top (the content area scrolls, not the window).
  useEffect(() => {
    if (main.current) main.current.scrollTop = 0;
  }, [page]);

  return (
    <div className="app">
      <AppHeader />
      <MainNav />
      <ThemeSync />
      <UnsavedGuard />
      <main className="content" ref={main}>
        <SetupChecklist />
        {page === 'projects' ? <ProjectsPage /> : page === 'settings' ? <SettingsPage /> : page === 'instances' ? <InstancesPage /> : <RevisionsPage />}
      </main>
    </div>
  );
}
