// Well-formed XML, checked in-process by saxes (a strict, non-validating XML parser: the same
// well-formedness rules as libxml2's xmllint --noout, which the interop suite also runs).
import { SaxesParser } from 'saxes';

/** Throws at the first well-formedness error. */
export function assertWellFormed(xml: string): void {
  const p = new SaxesParser({ xmlns: true });
  p.on('error', (e) => {
    throw e;
  });
  p.write(xml).close();
}
