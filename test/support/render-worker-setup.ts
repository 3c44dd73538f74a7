// vitest setupFiles: templates render in the worker built by render-worker-global.ts.
import { inject } from 'vitest';
import { setRenderWorkerFile } from '../../main/core/projects/render-worker';

setRenderWorkerFile(inject('renderWorkerFile'));
