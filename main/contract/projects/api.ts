import type { NoInput } from '../api';
import type { PreviewInput, PreviewResult, ProjectDetail, ProjectSummary } from './dto';

/** The launch templates in the projects folder: list, read, and render one for a user and branch. */
export interface ProjectsApi {
  list(input: NoInput): Promise<ProjectSummary[]>;
  get(input: { id: string }): Promise<ProjectDetail>;
  preview(input: PreviewInput): Promise<PreviewResult>;
}
