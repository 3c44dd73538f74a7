import type { AppInfo } from '@contract/app/dto';
import type { PreviewResult, Problem, ProjectDetail, ProjectSummary } from '@contract/projects/dto';

export const appInfo: AppInfo = {
  name: 'Flotilla',
  version: '0.1.0',
  mode: 'desktop',
  projectsDir: '/home/ada/flotilla/projects',
  platform: 'linux',
  tray: { status: 'shown', detail: 'This desktop shows tray icons (a StatusNotifierItem host is registered with org.kde.StatusNotifierWatcher).' },
};

export const butter: ProjectSummary = {
  id: 'butter',
  file: 'projects/butter.sh',
  name: 'Butter',
  repo: 'git@github.com:ada/butter.git',
  imageId: 'ami-0123456789abcdef0',
  instanceType: 't3.small',
  readyUrl: 'https://butter.example.com/health',
  state: 'valid',
  errorCount: 0,
  warningCount: 0,
};

export const jam: ProjectSummary = {
  id: 'jam',
  file: 'projects/jam.sh.njk',
  name: 'Jam',
  repo: 'git@github.com:ada/jam.git',
  imageId: 'ami-0fedcba9876543210',
  instanceType: 't3.medium',
  readyUrl: null,
  state: 'warnings',
  errorCount: 0,
  warningCount: 2,
};

export const toast: ProjectSummary = {
  id: 'toast',
  file: 'projects/toast.sh',
  name: null,
  repo: null,
  imageId: null,
  instanceType: 't3.micro',
  readyUrl: null,
  state: 'errors',
  errorCount: 1,
  warningCount: 1,
};

export function problem(severity: Problem['severity'], file: string, line: number, message: string): Problem {
  return { severity, file, line, message, text: `${file}:${line}: ${message}` };
}

export const details: Record<string, ProjectDetail> = {
  butter: {
    ...butter,
    meta: { name: 'Butter', repo: butter.repo!, ami: butter.imageId!, type: 't3.small', 'ready-url': butter.readyUrl! },
    package: null,
    options: [],
    iamInstanceProfile: null,
    access: 'ssh',
    market: 'on-demand',
    envFile: null,
    problems: [],
    source: '#!/bin/bash\n# fleeting-meta: name=Butter\necho hello\n',
  },
  jam: {
    ...jam,
    meta: { name: 'Jam' },
    package: null,
    options: [],
    iamInstanceProfile: null,
    access: 'ssh',
    market: 'on-demand',
    envFile: null,
    problems: [
      problem('warning', 'projects/jam.sh.njk', 4, "unknown key 'colour'; known keys are name, repo, ami, type"),
      problem('warning', 'projects/jam.sh.njk', 9, 'no ready-url; Flotilla cannot tell when the instance is up'),
    ],
    source: '#!/bin/bash\n',
  },
  toast: {
    ...toast,
    meta: { type: 't3.micro' },
    package: null,
    options: [],
    iamInstanceProfile: null,
    access: 'ssh',
    market: 'on-demand',
    envFile: null,
    problems: [
      problem('warning', 'projects/toast.sh', 2, 'no name; the id is shown instead'),
      problem('error', 'projects/toast.sh', 3, "ami 'ami-xyz' is not an AMI id (ami- and 8 or 17 hex digits)"),
    ],
    source: '#!/bin/bash\n',
  },
};

export function previewOf(script: string, limitBytes = 16384): PreviewResult {
  const bytes = new TextEncoder().encode(script).length;
  return { userData: script, bytes, base64Bytes: 4 * Math.ceil(bytes / 3), limitBytes };
}

/** A project that deploys package `site` and declares options (not in the default project list). */
export const django: ProjectSummary = {
  id: 'django',
  file: 'projects/django.sh.njk',
  name: 'Django app',
  repo: 'git@github.com:ada/django-app.git',
  imageId: 'ami-0123456789abcdef0',
  instanceType: 't3.small',
  readyUrl: 'http://localhost:8000/',
  state: 'valid',
  errorCount: 0,
  warningCount: 0,
};

export const djangoDetail: ProjectDetail = {
  ...django,
  meta: { name: 'Django app', package: 'site' },
  package: 'site',
  options: [
    { name: 'workers', type: 'int', default: '2', choices: [], min: 1, max: 16, description: 'gunicorn workers', line: 3 },
    { name: 'debug', type: 'bool', default: 'false', choices: [], description: null, line: 4 },
    { name: 'site', type: 'enum', default: 'main', choices: ['main', 'staging'], description: 'which site', line: 5 },
    { name: 'greeting', type: 'string', default: 'hello', choices: [], description: null, line: 6 },
  ],
  iamInstanceProfile: 'django-app',
  access: 'ssh',
  market: 'on-demand',
  envFile: {
    file: 'projects/django.env',
    entries: [
      { key: 'DATABASE_URL', line: 1, reference: { kind: 'ssm', name: '/django/db-url' } },
      { key: 'MODE', line: 2, reference: null },
    ],
  },
  problems: [],
  source: '#!/bin/bash\n# fleeting-meta:package = site\n',
};
