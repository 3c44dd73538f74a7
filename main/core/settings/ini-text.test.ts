import { parseIniText } from './ini-text';

describe('parseIniText', () => {
  test('keeps dotted section names whole and every value a string', () => {
    const doc = parseIniText('[profile acme.dev]\nregion = eu-west-1\nflag = true\nbare\n\n[default]\nregion=us-east-1\n');
    expect(doc.sections).toEqual({ 'profile acme.dev': { region: 'eu-west-1', flag: 'true', bare: 'true' }, default: { region: 'us-east-1' } });
  });

  test('separates keys outside any section; handles CRLF, BOM and comments', () => {
    const doc = parseIniText('\uFEFFImageID = ami-1\r\n; comment\r\n# another\r\n[EC2]\r\nInstanceType = t3.micro ; inline\r\n');
    expect(doc.topLevel).toEqual({ ImageID: 'ami-1' });
    expect(doc.sections).toEqual({ EC2: { InstanceType: 't3.micro' } });
  });

  test('keeps base64 secrets intact', () => {
    const doc = parseIniText('[x]\nsecret = ab/cd+ef==\n');
    expect(doc.sections.x!.secret).toBe('ab/cd+ef==');
  });
});
