import { isAppUrl } from '../urls';

/** The surface of `WebFrameMain` the predicate reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

export interface TrustedSenderOptions {
  /** The app's own page, `app://flotilla/index.html`. */
  appUrl: string;
  /** The main frame of Flotilla's window, or null while there is no window. */
  mainFrame(): FrameLike | null | undefined;
}

export type TrustedSender = (frame: FrameLike | null | undefined) => boolean;

/**
 * IPC is answered only for the main frame of Flotilla's own window showing the app's own page.
 * A subframe, another window, or a page that somehow navigated elsewhere is refused.
 */
export function createTrustedSender(options: TrustedSenderOptions): TrustedSender {
  return (frame) => {
    try {
      if (!frame || frame.parent !== null) return false;
      const main = options.mainFrame();
      if (!main) return false;
      const sameFrame = frame === main || (frame.processId === main.processId && frame.routingId === main.routingId);
      return sameFrame && isAppUrl(options.appUrl, frame.url);
    } catch {
      // A destroyed frame throws on access: not trusted.
      return false;
    }
  };
}
