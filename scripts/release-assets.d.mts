export const GITHUB_SAFE_NAME: RegExp;
export const UPDATE_FEEDS: string[];
export function readUpdateFeed(text: string): { version: string | null; files: string[] };
export function checkReleaseAssets(dir: string, tag: string): { files: string[]; problems: string[] };
