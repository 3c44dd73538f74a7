/** The surface of `WebContents` this rule needs. */
export interface WebviewSource {
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/** `<webview>` is disabled in webPreferences; this also cancels any attempt to attach one. */
export function denyWebview(contents: WebviewSource): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
