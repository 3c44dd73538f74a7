import { useEffect } from 'react';
import { AppHeader } from './components/AppHeader';
import { MainNav } from './components/MainNav';
import { NotYetPage } from './pages/NotYetPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { useAppStore } from './stores/store-context';
import { selectPage } from './stores/ui-slice';

export function App() {
  const page = useAppStore(selectPage);
  const loadInfo = useAppStore((s) => s.app.loadInfo);

  useEffect(() => {
    void loadInfo();
  }, [loadInfo]);

  return (
    <div className="app">
      <AppHeader />
      <MainNav />
      <main className="content">{page === 'projects' ? <ProjectsPage /> : <NotYetPage page={page} />}</main>
    </div>
  );
}
