// The few web-platform globals the pure domain may use: they compute, they touch no DOM, worker,
// storage, network or clock, and Node, browsers and workers all provide them. Everything else of
// the DOM lib is left out of tsconfig.domain.json, so `document` in src/domain is a type error.

/** A deep copy of a plain value (the structured clone algorithm). */
declare function structuredClone<T>(value: T): T;

/** Query-string parameters, as read and written by scenario links. */
interface URLSearchParams {
  get(name: string): string | null;
  has(name: string): boolean;
  set(name: string, value: string): void;
  keys(): IterableIterator<string>;
  toString(): string;
}

/** Creates query-string parameters, empty or parsed from a query string. */
declare const URLSearchParams: {
  prototype: URLSearchParams;
  new (init?: string | Record<string, string>): URLSearchParams;
};

/** UTF-8 encoding of a string (script links are base64 of UTF-8 JSON). */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

/** UTF-8 decoding of bytes; `fatal` refuses invalid UTF-8 instead of replacing it. */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}

/** Base64 encoding of a binary string. */
declare function btoa(data: string): string;

/** Base64 decoding into a binary string; throws on invalid input. */
declare function atob(data: string): string;
