import { scopeSatisfies } from '../scopes.js';
import type { CardSpec } from './card.js';
import { isContainer, type Card, type FlowDefinition } from './flow-definition.js';

/** What an Okta event trigger needs: it registers an event hook at the org (workflows.md §5.2). */
export const EVENT_TRIGGER_SCOPES: readonly string[] = ['okta.eventHooks.manage'];

/** A connection as the scope check sees it. */
export interface ConnectionGrant {
  id: string;
  nickname: string;
  /** False before anyone consented: the connection has been granted nothing yet. */
  authorized: boolean;
  grantedScopes: readonly string[];
}

/** A card (or the trigger) whose connection was not granted a scope it needs. */
export interface ScopeWarning {
  /** JSON path of the card's `connectionId` in the definition, as validation errors name places. */
  path: string;
  /** The card's id; null for the trigger. */
  cardId: string | null;
  connectionId: string;
  missingScopes: string[];
  message: string;
}

/**
 * Compares the scopes each card (and an Okta event trigger) needs with those its connection was granted
 * at its last consent (workflows.md §12: "saving or activating a flow whose connection lacks them should
 * warn"). `manage` satisfies `read`, as at the org. Connections `grantOf` does not know are skipped: a
 * missing connection is a reference error, reported elsewhere.
 */
export function missingScopes(definition: FlowDefinition, cards: ReadonlyMap<string, CardSpec>, grantOf: (connectionId: string) => ConnectionGrant | undefined): ScopeWarning[] {
  const warnings: ScopeWarning[] = [];
  const check = (path: string, cardId: string | null, title: string, connectionId: string, required: readonly string[]) => {
    const grant = grantOf(connectionId);
    if (!grant) return;
    const missing = required.filter((scope) => !scopeSatisfies(grant.grantedScopes, scope));
    if (missing.length === 0) return;
    const why = grant.authorized ? 'was not granted' : 'has not been authorized yet, so it was granted nothing, including';
    warnings.push({ path, cardId, connectionId, missingScopes: missing, message: `${title} needs ${missing.join(', ')}; connection "${grant.nickname}" (${connectionId}) ${why} ${missing.length === 1 ? 'it' : 'them'}` });
  };
  const trigger = definition.trigger;
  if (trigger.type === 'okta.event') check('trigger.connectionId', null, 'An Okta event trigger', trigger.connectionId, EVENT_TRIGGER_SCOPES);
  const walk = (list: readonly Card[], at: string) => {
    list.forEach((card, i) => {
      const path = `${at}[${i}]`;
      if (isContainer(card)) {
        if (card.type === 'control.ifElse') (walk(card.then, `${path}.then`), walk(card.else ?? [], `${path}.else`));
        else if (card.type === 'control.ifElseIf') (card.cases.forEach((c, k) => walk(c.cards, `${path}.cases[${k}].cards`)), walk(card.else ?? [], `${path}.else`));
        else (walk(card.try, `${path}.try`), walk(card.ifError ?? [], `${path}.ifError`));
        return;
      }
      const spec = cards.get(card.type);
      if (card.connectionId && spec?.requiredScopes?.length) check(`${path}.connectionId`, card.id, spec.title, card.connectionId, spec.requiredScopes);
    });
  };
  walk(definition.cards, 'cards');
  return warnings;
}
