import { denyWindowOpen } from './deny-window-open';

function setup() {
  let handler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const opened: string[] = [];
  denyWindowOpen({ setWindowOpenHandler: (h) => (handler = h) }, (url) => opened.push(url));
  return { open: (url: string) => handler!({ url }), opened };
}

describe('denyWindowOpen', () => {
  test('denies http(s) windows and opens them in the system browser', () => {
    const { open, opened } = setup();
    expect(open('https://example.com/docs')).toEqual({ action: 'deny' });
    expect(open('http://localhost:8080/')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/docs', 'http://localhost:8080/']);
  });

  test.each(['file:///etc/passwd', 'javascript:alert(1)', 'about:blank', '', 'ssh://host', 'mailto:a@b.c'])(
    'denies %j and opens nothing',
    (url) => {
      const { open, opened } = setup();
      expect(open(url)).toEqual({ action: 'deny' });
      expect(opened).toEqual([]);
    },
  );
});
