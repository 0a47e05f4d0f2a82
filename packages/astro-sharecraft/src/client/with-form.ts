/**
 * The share script and the beacon, plus what a post with the creation form needs from the start:
 * the form's own script is loaded only when a reader opens the form, a remix link leads to it, or a
 * reader returns from a submission sent without it (`?sc-receipt=`). The anti-spam widget loads
 * later still, from the form's script, on the reader's first input. Written for bytes: it ships in
 * every post of a site with creations on. (A page that shows the form open, `<CreationForm />` on
 * a page of its own, loads the form's script from the start: see `transform-page.ts`.)
 */
import { arrivedToken } from '@sharecraft/beacon/shared';
import './with-beacon.js';

/** Replaced by the integration with the hashed file name of the form's script. */
const FORM = './SC_LAZY_FORM';

const doc = document;
/** Runs the form's script on the form on screen, told which control (if any) led there. */
const run = (from?: Element) =>
  import(FORM).then((part) => part.default(doc.getElementById('sc-c'), arrivedToken, from));

// The invitation opens the form; a remix link leads to it (the form's script takes the quote).
doc.addEventListener('click', (event) => {
  const control = (event.target as Element).closest?.<HTMLAnchorElement>('.sc-create summary, [href="#sc-c"]');
  if (control?.hash) event.preventDefault();
  if (control) run(control);
});
// A return from a submission sent without it: the form's script shows the receipt.
if (location.search.includes('sc-receipt=')) run();
