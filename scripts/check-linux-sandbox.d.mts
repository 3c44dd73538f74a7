export const RESTRICT_USERNS_SYSCTL: string;
export const APPARMOR_DIR: string;
export const PROFILE_NAME: string;

export interface SandboxFs {
  readFile(file: string): string;
  stat(file: string): { uid: number; mode: number };
  listDir(dir: string): string[];
}
export interface SandboxProblem {
  binary: string;
  helper: string;
}
export function electronBinary(electronDir: string, env?: NodeJS.ProcessEnv): string;
export function realBinaryPath(binary: string, realpath?: (file: string) => string): string;
export function sandboxProblem(options: { platform?: NodeJS.Platform; binary: string; fs?: SandboxFs }): SandboxProblem | null;
export function profileText(binary: string, name?: string): string;
export function fixMessage(problem: SandboxProblem): string;
