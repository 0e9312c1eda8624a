/** Where the start guide remembers that it was put away. */
export const START_GUIDE_KEY = 'agent-payment-lab:start-guide-dismissed';

/** The little storage the guide needs; `localStorage` in the page, a map in tests. */
export interface GuideStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The "Start here" guide's one fact: whether it was dismissed in this browser. Storage that
 * refuses (private mode, quota) only means the guide may show again; it never breaks the page.
 */
export class StartGuideState {
  open = $state(true);
  private readonly storage: GuideStorage | null;

  constructor(storage: GuideStorage | null) {
    this.storage = storage;
    try {
      this.open = storage?.getItem(START_GUIDE_KEY) !== '1';
    } catch {
      this.open = true;
    }
  }

  /** Puts the guide away for good in this browser. */
  dismiss(): void {
    this.open = false;
    try {
      this.storage?.setItem(START_GUIDE_KEY, '1');
    } catch {
      // Not remembered: it shows again next visit, which is harmless.
    }
  }
}

/** The page's guide state, on localStorage where the browser allows it. */
export function browserStartGuide(): StartGuideState {
  try {
    return new StartGuideState(window.localStorage);
  } catch {
    // Reading localStorage itself throws where storage is blocked: the guide then forgets.
    return new StartGuideState(null);
  }
}
