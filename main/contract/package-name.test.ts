import { methodSchemas } from './methods';
import { isPackageName, packageNameProblem, packageOfPath } from './package-name';

describe('package names: the spooled name up to its first dot, letters, digits, _ and - only', () => {
  test('takes FTL-style names and refuses everything else', () => {
    for (const name of ['my_site', 'api-v2', 'A', 'x'.repeat(200)]) expect(isPackageName(name)).toBe(true);
    for (const name of ['', 'odd name;$(x)', 'a.b', 'a/b', 'a\\b', 'café', 'a\u202eb', 'x'.repeat(201)]) expect(isPackageName(name)).toBe(false);
  });

  test('names each refused character once and suggests a name that passes', () => {
    const problem = packageNameProblem('odd name;$(x)')!;
    expect(problem).toContain("'odd name;$(x)' holds a space, ';', '$', '(', ')'");
    expect(problem).toContain("only the letters A-Z and a-z, the digits 0-9, '_' and '-'");
    expect(problem).toMatch(/e\.g\. odd_name_x$/);
    expect(isPackageName('odd_name_x')).toBe(true);
    expect(packageNameProblem('bad\u001bname')).toContain('\\u001b');
    expect(packageNameProblem('my_site')).toBeNull();
  });

  test('finds the package of a path as spool does (file or folder, up to the first dot)', () => {
    expect(packageOfPath('/home/ada/dist/my_site.tar.gz')).toBe('my_site');
    expect(packageOfPath('/home/ada/odd name;$(x)/')).toBe('odd name;$(x)');
    expect(packageOfPath('C:\\builds\\site.v2.zip')).toBe('site');
    expect(packageOfPath('/home/ada/.hidden')).toBeNull();
    expect(packageOfPath('..')).toBeNull();
  });

  test('is checked by the contract: spool paths, package inputs and revision names', () => {
    const spool = methodSchemas['revisions.spool'].safeParse({ path: '/home/ada/odd name;$(x)' });
    expect(spool.success).toBe(false);
    expect(spool.error!.issues[0]!.message).toMatch(/^cannot be spooled: the package is the file or folder name up to its first dot, and the package name 'odd name;\$\(x\)' holds/);
    expect(methodSchemas['revisions.spool'].safeParse({ path: '/home/ada/dist/my_site.tar.gz' }).success).toBe(true);
    expect(methodSchemas['revisions.spool'].safeParse({ path: '~/.hidden' }).success).toBe(true); // the core explains that one
    for (const channel of ['revisions.revisions', 'revisions.jumpBack', 'revisions.drift'] as const) {
      expect(methodSchemas[channel].safeParse({ package: 'a b' }).success).toBe(false);
      expect(methodSchemas[channel].safeParse({ package: 'my_site' }).success).toBe(true);
    }
    expect(methodSchemas['revisions.jump'].safeParse({ revision: 'a;b.2026112203723Ab' }).success).toBe(false);
    expect(methodSchemas['revisions.jump'].safeParse({ revision: 'my_site.2026112203723Ab' }).success).toBe(true);
  });
});
