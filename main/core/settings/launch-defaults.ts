import path from 'node:path';
import type { InstanceConfig, LaunchDefaults } from '../../contract/settings/dto';
import { FlotillaError } from '../../contract/errors';
import { hasControlCharacter } from '../../contract/text';
import { nearest } from '../projects/edit-distance';
import { MAX_OPTION_TEXT_CHARS, OPTION_NAME } from '../projects/template-options';
import type { Check } from './problems';
import { SECURITY_GROUP_ID, shown, type Rule } from './rules';

/** A template's file name up to the first dot: no dots, slashes or control characters. */
export const projectIdRule: Rule = (value) =>
  /^[^./\\]{1,200}$/.test(value) && !hasControlCharacter(value)
    ? null
    : { message: `${shown(value)} is not a project id`, fix: "use a template's file name up to the first dot, e.g. butter for projects/butter.sh" };

export const securityGroupIdRule: Rule = (value) =>
  SECURITY_GROUP_ID.test(value) ? null : { message: `${shown(value)} is not a security group id`, fix: 'use sg- followed by 8 or 17 hex digits, or null for a group made per launch' };

/** A template option's name as launch defaults store it (the template's own declaration is checked at launch). */
export const optionNameRule: Rule = (value) =>
  OPTION_NAME.test(value)
    ? null
    : { message: `${shown(value)} is not a template option name`, fix: 'use the name after option. in the template, like workers (a lower-case letter, then letters, digits and _, at most 40)' };

/** An option value as text: one line, at most what a template option holds. Whether it fits the option is checked at launch. */
export const optionValueRule: Rule = (value) => {
  if (hasControlCharacter(value)) return { message: `${shown(value)} holds a control character`, fix: 'use one line of plain text' };
  if (value.length > MAX_OPTION_TEXT_CHARS) return { message: `is ${value.length} characters long`, fix: `use at most ${MAX_OPTION_TEXT_CHARS}` };
  return null;
};

/**
 * What an instance.config gives a project's launches, plus notes on what a launch cannot use:
 * a security group given by name (launches take an id), a subnet (launches use the default VPC).
 */
export function launchDefaultsOf(config: InstanceConfig, source: string): { defaults: LaunchDefaults; notes: (Check & { key: string })[] } {
  const notes: (Check & { key: string })[] = [];
  const group = config.securityGroup;
  const groupId = group && SECURITY_GROUP_ID.test(group) ? group : null;
  if (group && !groupId) {
    notes.push({
      key: 'SecurityGroup',
      message: `${shown(group)} is a group name; Flotilla launches take a group id, so it was not kept`,
      fix: 'write the group id (sg-...) to use that group, or leave it out and each launch gets its own group',
    });
  }
  if (config.subnetId) {
    notes.push({
      key: 'SubnetId',
      message: 'Flotilla launches into the default VPC and does not use a subnet yet, so it was not kept',
      fix: 'remove SubnetId, or launch into that subnet with the AWS CLI',
    });
  }
  return {
    defaults: {
      imageId: config.imageId,
      instanceType: config.instanceType,
      region: config.region,
      count: config.instanceCount,
      securityGroupId: groupId,
      source,
    },
    notes,
  };
}

/**
 * The project an instance.config belongs to: the one named, else the file's folder when a project
 * has that id. Refused (with the known ids) when neither names a project.
 */
export function projectForConfig(named: string | undefined, file: string, shownFile: string, known: readonly string[] | null): string {
  const folder = path.basename(path.dirname(file));
  const project = named?.trim() || (known?.includes(folder) ? folder : null);
  const list = known?.length ? ` (the projects are ${known.slice(0, 20).join(', ')})` : '';
  if (!project) {
    throw new FlotillaError('invalid-input', `Say which project ${shownFile} sets the launch defaults of${list}; its folder '${folder}' is not a project id.`, { field: 'project' });
  }
  const problem = projectIdRule(project);
  if (problem) throw new FlotillaError('invalid-input', `${problem.message}; ${problem.fix}.`, { field: 'project' });
  if (known && !known.includes(project)) {
    const guess = nearest(project, known);
    throw new FlotillaError('invalid-input', `There is no project '${project}'${guess ? `; did you mean '${guess}'?` : `${list}.`}`, { field: 'project' });
  }
  return project;
}
