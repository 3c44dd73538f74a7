export type Severity = 'error' | 'warning';

/** One thing wrong with a project file, located and with a way to fix it. */
export interface Problem {
  severity: Severity;
  /** Path as the user knows it, e.g. `projects/butter.sh`. */
  file: string;
  /** 1-based line, when the problem has one. */
  line?: number;
  /** The metadata key concerned, when there is one. */
  key?: string;
  /** What is wrong and how to fix it, without the location. */
  message: string;
  /** `file:line: message`, ready to print. */
  text: string;
}

export type ProjectState = 'valid' | 'warnings' | 'errors';

export interface ProjectSummary {
  id: string;
  file: string;
  name: string | null;
  repo: string | null;
  imageId: string | null;
  instanceType: string | null;
  readyUrl: string | null;
  state: ProjectState;
  errorCount: number;
  warningCount: number;
}

export interface ProjectDetail extends ProjectSummary {
  /** Every `fleeting-meta:` key with its (last) value, including keys kept for later features. */
  meta: Record<string, string>;
  problems: Problem[];
  /** The template source, for display. */
  source: string;
}

export interface PreviewInput {
  id: string;
  gitUser: string;
  gitBranch: string;
}

export interface PreviewResult {
  userData: string;
  /** UTF-8 size of the script. */
  bytes: number;
  /** Size once base64-encoded, which is what EC2's 16 KB limit counts. */
  base64Bytes: number;
  limitBytes: number;
}
