// Attacks on the path from outside data (the SSH key path in Settings, an EC2 address, a
// project's ssh-user) to the program a terminal finally starts. Each terminal re-reads the
// arguments with its own rules; these tests model those rules from their sources and check that
// every argument comes back as itself, or that the launch is refused.
import { execFileSync } from 'node:child_process';
import { HOSTILE } from './hostile.test-helpers';
import { macLaunch, windowsLaunch, type Which } from './plan';

const onPath =
  (programs: Record<string, string>): Which =>
  async (program) =>
    programs[program] ?? null;

/** Unquoted characters that are plain word characters in every shell (fish, bash, zsh, tcsh). */
const PLAIN = /[A-Za-z0-9_@%+=:,./-]/;

/**
 * How fish reads a line (fish-language(1), "Quotes" and "Escaping characters";
 * https://fishshell.com/docs/current/language.html#quotes): inside single quotes `\'` is a quote
 * and `\\` a backslash (any other backslash is literal); outside quotes a backslash escapes the next
 * character. Returns the words, or throws at the first unquoted character that is not a plain word
 * character (`;`, `&`, `|`, `$`, `(`, `#`, `*`, ...: code, not data).
 */
function fishWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      word ??= '';
      for (i++; ; i++) {
        const q = line[i];
        if (q === undefined) throw new Error(`unterminated quote in ${line}`);
        if (q === "'") break;
        if (q === '\\' && (line[i + 1] === "'" || line[i + 1] === '\\')) word += line[++i];
        else word += q;
      }
    } else if (c === '\\') {
      const next = line[++i];
      if (next === undefined) throw new Error(`trailing backslash in ${line}`);
      word = (word ?? '') + next;
    } else if (PLAIN.test(c)) {
      word = (word ?? '') + c;
    } else {
      throw new Error(`fish reads ${JSON.stringify(c)} at ${i} as code: ${line}`);
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** The AppleScript string after `verb`, unescaped (\\ and \" mean the same in JSON). */
function scriptLine(statement: string, verb: string): string {
  return JSON.parse(statement.slice(statement.indexOf(verb) + verb.length + 1)) as string;
}

describe('macOS: the line Terminal.app or iTerm types into the user’s login shell', () => {
  const ssh = '/usr/bin/ssh';
  /** A key file path whose name closes fish's quote: `\'` is a quote there, then `;` ends the command. */
  const keyFile = "/Users/ada/keys/a\\';touch /tmp/flotilla-pwned;#.pem";
  const argv = ['-i', keyFile, '-o', 'StrictHostKeyChecking=accept-new', 'ec2-user@ec2-203-0-113-10.compute-1.amazonaws.com'];

  test('fish (a common login shell on macOS) reads every argument back as one word, never as code', async () => {
    for (const choice of ['Terminal', 'iTerm']) {
      for (const args of [argv, HOSTILE]) {
        const launch = await macLaunch({ command: ssh, args, choice, which: onPath({ osascript: '/usr/bin/osascript' }) });
        const statement = launch.args.find((a) => a.includes('do script "') || a.includes('write text "'))!;
        const line = scriptLine(statement, statement.includes('do script') ? 'do script' : 'write text');
        expect(fishWords(line)).toEqual([ssh, ...args]);
      }
    }
  });

  // bash/zsh (POSIX single quotes) must still read the same line back: a real /bin/sh checks it.
  test.skipIf(process.platform === 'win32')('and /bin/sh reads the same line back word for word', async () => {
    const launch = await macLaunch({ command: ssh, args: [...argv, ...HOSTILE], choice: null, which: onPath({}) });
    const line = scriptLine(launch.args.find((a) => a.startsWith('do script'))!, 'do script');
    const words = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
    expect(words).toEqual([ssh, ...argv, ...HOSTILE]);
  });
});

/**
 * How a Microsoft C runtime program (ssh.exe from Win32-OpenSSH) splits its command line
 * ("Parsing C++ command-line arguments", learn.microsoft.com/cpp/cpp/main-function-command-line-args):
 * spaces separate outside quotes; `"` toggles quoting (`""` inside quotes is a literal quote);
 * 2n backslashes before `"` are n backslashes, 2n+1 are n and a literal quote; other backslashes
 * are literal.
 */
function crtArgv(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false;
  let quoted = false;
  for (let i = 0; i < line.length; ) {
    const c = line[i]!;
    if (c === '\\') {
      let n = 0;
      while (line[i] === '\\') n++, i++;
      if (line[i] === '"') {
        word += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) word += '"', i++;
      } else word += '\\'.repeat(n);
      started = true;
    } else if (c === '"') {
      if (quoted && line[i + 1] === '"') word += '"', i += 2;
      else quoted = !quoted, i++;
      started = true;
    } else if ((c === ' ' || c === '\t') && !quoted) {
      if (started) words.push(word);
      word = '';
      started = false;
      i++;
    } else word += c, (started = true), i++;
  }
  if (started) words.push(word);
  return words;
}

/**
 * Windows Terminal rebuilds the command line of the program it starts from its own arguments after
 * `--`, wrapping an argument in quotes when it has a space and escaping nothing
 * (microsoft/terminal src/cascadia/TerminalApp/AppCommandlineArgs.cpp, _getNewTerminalArgs).
 * Windows PowerShell 5.1 (and PowerShell 7.0-7.2, or 7.3+ with $PSNativeCommandArgumentPassing =
 * 'Legacy') builds a native program's command line the same way and drops empty arguments
 * (PowerShell/PowerShell#1995; about_Preference_Variables, PSNativeCommandArgumentPassing).
 */
function naiveJoin(args: readonly string[], dropEmpty: boolean): string {
  return args
    .filter((a) => !dropEmpty || a !== '')
    .map((a) => (a.includes(' ') ? `"${a}"` : a))
    .join(' ');
}

/** `& 'a' 'b' ...` (PowerShell single-quoted words, doubled quotes) back to its words. */
function powershellWords(script: string): string[] {
  const words: string[] = [];
  const re = /'((?:[^'\u2018\u2019\u201a\u201b]|['\u2018\u2019\u201a\u201b]{2})*)'/g;
  for (const m of script.slice(2).matchAll(re)) words.push(m[1]!.replace(/(['\u2018\u2019\u201a\u201b])\1/g, '$1'));
  return words;
}

describe('Windows: what ssh.exe finally receives through Windows Terminal or PowerShell', () => {
  const ssh = 'C:\\Windows\\System32\\OpenSSH\\ssh.exe';
  const wt = 'C:\\Users\\ada\\AppData\\Local\\Microsoft\\WindowsApps\\wt.exe';
  const powershell = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
  const host = 'ec2-user@ec2-203-0-113-10.compute-1.amazonaws.com';
  /** A key path (Settings → SSH key file) that closes the quote wt/PowerShell put around it. */
  const injected = 'C:\\k" -oProxyCommand=calc.exe "x';
  const keyFiles = [injected, 'C:\\My Keys\\', 'C:\\a"b', '', ...HOSTILE.filter((h) => h !== '')];

  /** Either refused before anything starts, or ssh gets exactly the arguments Flotilla meant. */
  async function check(which: Which, receive: (launch: { args: string[] }) => string[]) {
    for (const keyFile of keyFiles) {
      const args = ['-i', keyFile, '-o', 'StrictHostKeyChecking=accept-new', host];
      const launch = await windowsLaunch({ command: ssh, args, choice: null, which }).catch((error: { code?: string }) => {
        expect(error.code).toBe('invalid-input');
        return null;
      });
      if (launch) expect(receive(launch), `key file ${JSON.stringify(keyFile)}`).toEqual([ssh, ...args]);
    }
  }

  test('Windows Terminal: a quote in an argument cannot split it into new ssh options (-oProxyCommand)', async () => {
    await check(onPath({ 'wt.exe': wt }), (launch) => {
      const after = launch.args.slice(launch.args.indexOf('--') + 1).map((a) => a.replace(/\\;/g, ';'));
      return crtArgv(naiveJoin(after, false));
    });
  });

  test('PowerShell: the same, through its legacy native-argument passing', async () => {
    await check(onPath({ 'powershell.exe': powershell }), (launch) => {
      const words = powershellWords(Buffer.from(launch.args[3]!, 'base64').toString('utf16le'));
      return [words[0]!, ...crtArgv(naiveJoin(words.slice(1), true))];
    });
  });

  test('the model itself: the attack does reach ssh as an option when nothing refuses it', () => {
    const line = naiveJoin([ssh, '-i', injected, host], false);
    expect(crtArgv(line)).toEqual([ssh, '-i', 'C:\\k', '-oProxyCommand=calc.exe', 'x', host]);
  });
});
