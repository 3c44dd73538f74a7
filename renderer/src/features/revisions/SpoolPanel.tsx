import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { packageNameProblem, packageOfPath } from '@contract/package-name';
import { useAppStore } from '../../stores/store-context';
import { isNoBucket, RevisionsErrorAlert } from './RevisionsErrorAlert';
import { baseName, pickedFolder } from './format';
import { SpoolJobs } from './SpoolJobs';

export const BROWSER_DROP_MESSAGE = "Browser mode cannot read a dropped file's location: type its path.";

/**
 * Spool a release from the app: a path field, and in the desktop app a drop zone and Choose…
 * buttons (only it reads a dropped or picked file's location; browser mode types the path), then
 * each spool's progress bar with Cancel. Phases and outcomes are announced politely; failures are
 * alerts. The package a path would make is checked here first, by the contract's rule.
 */
export function SpoolPanel() {
  const spools = useAppStore((s) => s.revisions.spools);
  const starting = useAppStore((s) => s.revisions.spoolStarting);
  const spoolError = useAppStore((s) => s.revisions.spoolError);
  const canReadPaths = useAppStore((s) => s.revisions.canReadFilePaths);
  // Browser mode cannot see where a dropped or chosen file lies: it offers typing only.
  const browser = useAppStore((s) => s.app.info?.mode === 'browser');
  const startSpool = useAppStore((s) => s.revisions.startSpool);
  const pathForFile = useAppStore((s) => s.revisions.pathForFile);
  const [path, setPath] = useState('');
  const [note, setNote] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [over, setOver] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const folderPicker = useRef<HTMLInputElement>(null);
  const ids = { hint: useId(), note: useId(), field: useId(), heading: useId() };

  const takeFile = (file: File | undefined) => {
    if (!file) return setNote({ kind: 'error', text: 'Nothing to spool was dropped: drop a file or a folder.' });
    const found = pathForFile(file);
    if (!canReadPaths) {
      setNote({ kind: 'error', text: BROWSER_DROP_MESSAGE });
    } else if (!found) {
      setNote({ kind: 'error', text: `${file.name} is not a file on disk, so it has no path: drop it from a file manager, or type its path.` });
    } else {
      setPath(found);
      setNote({ kind: 'info', text: `${baseName(found)} is ready: press Spool to upload it.` });
    }
    field.current?.focus();
  };

  /** A folder chooser lists the files inside: the folder is found from the first one. */
  const takeFolder = (files: FileList | null) => {
    const first = files?.[0];
    const found = first ? pickedFolder(pathForFile(first) ?? '', first.webkitRelativePath) : null;
    if (!found) {
      setNote({ kind: 'error', text: first ? 'Could not tell where that folder is: drop it here, or type its path.' : 'That folder is empty: there is nothing to spool.' });
    } else {
      setPath(found);
      setNote({ kind: 'info', text: `${baseName(found)} is ready: press Spool to pack and upload it.` });
    }
    field.current?.focus();
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    takeFile(event.dataTransfer.files[0]);
  };

  const choose = () => {
    if (canReadPaths) return picker.current?.click();
    setNote({ kind: 'info', text: 'Type the path: in browser mode the page cannot see where your files are.' });
    field.current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = path.trim();
    if (!value) {
      setNote({ kind: 'error', text: 'Type the path of the file or folder to spool, e.g. /home/you/dist/my_site.tar.gz.' });
      field.current?.focus();
      return;
    }
    const pkg = packageOfPath(value);
    const problem = pkg ? packageNameProblem(pkg) : null;
    if (problem) {
      setNote({ kind: 'error', text: `${baseName(value)} cannot be spooled: the package is the file or folder name up to its first dot, and ${problem}.` });
      field.current?.focus();
      return;
    }
    setNote(null);
    if (await startSpool(value)) setPath('');
    else field.current?.focus();
  };

  // A missing bucket is not the path's fault: it gets its own alert, with the way to Settings.
  const bucketMissing = spoolError !== null && isNoBucket(spoolError);
  const fieldError = note?.kind === 'error' ? note.text : spoolError && !bucketMissing ? spoolError.message : null;
  return (
    <section className="spool" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Spool a release</h2>
      <div
        className={browser ? 'drop-zone drop-zone--typed' : over ? 'drop-zone is-over' : 'drop-zone'}
        role="group"
        aria-label="Release to spool"
        aria-describedby={ids.hint}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p id={ids.hint} className="hint">
          {browser ? 'Type the path of a file or a folder on the machine running Flotilla.' : 'Drop a file or a folder here, choose one, or type its path.'} A
          folder is packed as <code>&lt;folder&gt;.tar.gz</code>; the package is the name up to the first dot, made of letters, digits,{' '}
          <code>_</code> and <code>-</code>. The new revision is not current until you bless it.
        </p>
        <form className="spool-form" aria-label="Spool a release" onSubmit={(event) => void submit(event)} noValidate>
          <div className="field field--grow">
            <label htmlFor={ids.field}>File or folder to spool</label>
            <input
              ref={field}
              id={ids.field}
              type="text"
              value={path}
              onChange={(event) => {
                setPath(event.target.value);
                if (note?.kind === 'error') setNote(null);
              }}
              placeholder="/home/you/dist/my_site.tar.gz"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={`${ids.note} ${ids.hint}`}
            />
            {fieldError ? (
              <p key="error" id={ids.note} className="field-error" role="alert">
                {fieldError}
              </p>
            ) : (
              <p key="hint" id={ids.note} className="field-hint">
                {note?.text ?? 'A full path on the machine running Flotilla (~/ is your home folder).'}
              </p>
            )}
          </div>
          <div className="spool-buttons">
            {!browser && (
              <button type="button" className="button" onClick={choose}>
                Choose…
              </button>
            )}
            {canReadPaths && (
              <button type="button" className="button" onClick={() => folderPicker.current?.click()}>
                Choose folder…
              </button>
            )}
            <button type="submit" className="button button--primary" disabled={starting}>
              {starting ? 'Starting…' : 'Spool'}
            </button>
          </div>
        </form>
        {canReadPaths && (
          <>
            <input ref={picker} type="file" hidden tabIndex={-1} aria-hidden="true" onChange={(event) => takeFile(event.target.files?.[0])} />
            <input
              ref={folderPicker}
              type="file"
              hidden
              tabIndex={-1}
              aria-hidden="true"
              {...{ webkitdirectory: '' }}
              data-testid="folder-picker"
              onChange={(event) => takeFolder(event.target.files)}
            />
          </>
        )}
      </div>
      {bucketMissing && <RevisionsErrorAlert error={spoolError} label="Spool refused" />}
      <SpoolJobs spools={spools} />
    </section>
  );
}
