import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { widerThan600 } from '../settings/file-checks';
import { parseIniText, type IniDocument } from '../settings/ini-text';
import { displayPath, expandHome } from '../settings/paths';

export interface AwsFilePaths {
  config: string;
  credentials: string;
  ssoCache: string;
}

/** ~/.aws/config and ~/.aws/credentials, or where AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE say. */
export function awsFilePaths(home: string, env: Record<string, string | undefined>): AwsFilePaths {
  return {
    config: env.AWS_CONFIG_FILE ? expandHome(env.AWS_CONFIG_FILE, home) : path.join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE ? expandHome(env.AWS_SHARED_CREDENTIALS_FILE, home) : path.join(home, '.aws', 'credentials'),
    ssoCache: path.join(home, '.aws', 'sso', 'cache'),
  };
}

export interface AwsFiles {
  paths: AwsFilePaths;
  config: IniDocument;
  credentials: IniDocument;
  /** What is wrong with the files themselves, each with its fix. */
  problems: string[];
}

const EMPTY: IniDocument = { topLevel: {}, sections: {} };

async function readIni(file: string, shown: string, problems: string[]): Promise<IniDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ENOENT') problems.push(`${shown} cannot be read (${code ?? String(error)}); make it readable by you: chmod 600 ${shown}`);
    return EMPTY;
  }
  return parseIniText(text);
}

/** Reads both files; a missing file counts as empty. Never keeps secrets beyond the parsed sections. */
export async function readAwsFiles(home: string, env: Record<string, string | undefined>): Promise<AwsFiles> {
  const paths = awsFilePaths(home, env);
  const problems: string[] = [];
  const shownCredentials = displayPath(paths.credentials, home);
  const [config, credentials] = await Promise.all([
    readIni(paths.config, displayPath(paths.config, home), problems),
    readIni(paths.credentials, shownCredentials, problems),
  ]);
  const mode = await widerThan600(paths.credentials).catch(() => null);
  if (mode && Object.keys(credentials.sections).length > 0) {
    problems.push(`${shownCredentials} holds access keys and other users can read it (mode ${mode}); run chmod 600 ${shownCredentials}`);
  }
  return { paths, config, credentials, problems };
}

/** Profile sections by profile name: config's `[default]`/`[profile x]`, then credentials' `[x]` on top. */
export function profileSections(files: AwsFiles): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const [section, values] of Object.entries(files.config.sections)) {
    const name = section === 'default' ? 'default' : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
    if (name) out.set(name, { ...out.get(name), ...values });
  }
  for (const [name, values] of Object.entries(files.credentials.sections)) {
    out.set(name, { ...out.get(name), ...values });
  }
  return out;
}

/** `[sso-session NAME]` sections of the config file. */
export function ssoSessions(files: AwsFiles): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const [section, values] of Object.entries(files.config.sections)) {
    const name = /^sso-session\s+(.+)$/.exec(section)?.[1]?.trim();
    if (name) out.set(name, values);
  }
  return out;
}
