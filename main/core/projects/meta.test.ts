import { metaRecord, parseMeta } from './meta';

describe('parseMeta', () => {
  test('reads keys and trimmed values from any line containing the marker', () => {
    const parsed = parseMeta(
      ['#!/bin/bash', '# fleeting-meta:name = My app  ', '#fleeting-meta:repo=octocat/hello', 'echo hi # fleeting-meta:ttl =2h'].join('\n'),
    );
    expect(parsed.entries).toEqual([
      { key: 'name', value: 'My app', line: 2 },
      { key: 'repo', value: 'octocat/hello', line: 3 },
      { key: 'ttl', value: '2h', line: 4 },
    ]);
    expect(parsed.findings).toEqual([]);
    expect(metaRecord(parsed)).toEqual({ name: 'My app', repo: 'octocat/hello', ttl: '2h' });
  });

  test('keeps the later duplicate and warns on its line, naming the earlier line', () => {
    const parsed = parseMeta('# fleeting-meta:name = a\n\n# fleeting-meta:name = b\n');
    expect(parsed.byKey.get('name')).toEqual({ key: 'name', value: 'b', line: 3 });
    expect(parsed.findings).toEqual([
      { severity: 'warning', line: 3, key: 'name', message: "duplicate key 'name' (already set on line 1); this later value wins" },
    ]);
  });

  test('keeps = signs inside the value', () => {
    expect(parseMeta('# fleeting-meta:tags = role=web, env=dev').byKey.get('tags')?.value).toBe('role=web, env=dev');
  });

  test('handles CRLF line endings', () => {
    const parsed = parseMeta('a\r\n# fleeting-meta:name = x\r\n');
    expect(parsed.entries).toEqual([{ key: 'name', value: 'x', line: 2 }]);
  });

  test('warns about a line that mentions the marker but does not parse', () => {
    const parsed = parseMeta('# fleeting-meta:Name = x\n# fleeting-meta:name x');
    expect(parsed.entries).toEqual([]);
    expect(parsed.findings.map((f) => [f.severity, f.line])).toEqual([
      ['warning', 1],
      ['warning', 2],
    ]);
  });

  test('accepts an empty value (the rules decide whether it is allowed)', () => {
    expect(parseMeta('# fleeting-meta:description =').entries).toEqual([{ key: 'description', value: '', line: 1 }]);
  });
});

describe('parseMeta: option keys', () => {
  test('reads option.<name> keys, keeping a bad name for the option rules to explain', () => {
    const parsed = parseMeta(
      ['# fleeting-meta:option.workers = int(1..16) 3 "gunicorn workers"', '# fleeting-meta:option.Max-Workers=int 2', '# fleeting-meta:option.=bool true'].join('\n'),
    );
    expect(parsed.entries).toEqual([
      { key: 'option.workers', value: 'int(1..16) 3 "gunicorn workers"', line: 1 },
      { key: 'option.Max-Workers', value: 'int 2', line: 2 },
      { key: 'option.', value: 'bool true', line: 3 },
    ]);
    expect(parsed.findings).toEqual([]);
  });

  test('still refuses other dotted or upper-case keys as not metadata', () => {
    expect(parseMeta('# fleeting-meta:opt.workers = 1\n# fleeting-meta:Option.x = 1').findings.map((f) => f.line)).toEqual([1, 2]);
  });
});
