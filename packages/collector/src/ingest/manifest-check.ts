import type { SharecraftEvent } from '@sharecraft/protocol';
import type { KnownForms, KnownPages } from '../storage/event-store.js';

/** Either the network of each event's CTA (null for events without one), or why the batch is refused. */
export type ManifestCheck =
  | { ok: true; networks: (string | null)[] }
  | { ok: false; error: 'unknown_page' | 'unknown_cta' | 'unknown_form'; reason: string };

/** The CTA id an event names, if its kind has one. */
export function ctaOf(event: SharecraftEvent): string | undefined {
  return 'c' in event ? event.c : undefined;
}

/** With no manifest to ask, the action half of `<placement>.<action>` is the best name for the network. */
function actionOf(ctaId: string): string {
  return ctaId.slice(ctaId.indexOf('.') + 1);
}

/**
 * Checks every event's page id, and the CTA id of those that name one, against every manifest
 * version the collector knows (`known`; undefined when no manifest is loaded, which accepts any
 * well-formed id). A CTA counts only on a page that had it in some build, and so does the form a
 * creation event (`f`) names, when `forms` is given. The first unknown id refuses the whole batch,
 * so a batch is stored whole or not at all.
 */
export function checkAgainstManifests(
  events: readonly SharecraftEvent[],
  known: KnownPages | undefined,
  forms?: KnownForms | undefined,
): ManifestCheck {
  const networks: (string | null)[] = [];
  for (const event of events) {
    const cta = ctaOf(event);
    if (!known) {
      networks.push(cta === undefined ? null : actionOf(cta));
      continue;
    }
    const ctas = known.get(event.p);
    if (!ctas) {
      return {
        ok: false,
        error: 'unknown_page',
        reason: `page id ${event.p} is in no manifest this collector knows; deploy the site (or reload the manifest) first`,
      };
    }
    if (event.k === 'f' && forms && !forms.get(event.p)?.has(event.f)) {
      return {
        ok: false,
        error: 'unknown_form',
        reason: `form id ${event.f} is not on page ${event.p} in any manifest this collector knows; rebuild and deploy the site (or reload the manifest) so its manifest lists it`,
      };
    }
    if (cta === undefined) {
      networks.push(null);
      continue;
    }
    const knownCta = ctas.get(cta);
    if (!knownCta) {
      return {
        ok: false,
        error: 'unknown_cta',
        reason: `CTA id ${cta} is not on page ${event.p} in any manifest this collector knows; rebuild and deploy the site (or reload the manifest) so its manifest lists it`,
      };
    }
    networks.push(knownCta.network ?? knownCta.kind);
  }
  return { ok: true, networks };
}
