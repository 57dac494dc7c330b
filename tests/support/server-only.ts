// server-only is a no-op outside the Next.js bundler (tests, scripts).
export {};
