import type { CardSpec } from './card.js';
import { FUNCTION_CARDS } from './cards/function-cards.js';
import { OKTA_CARDS } from './cards/okta-cards.js';

/** Every card type the engine runs, by type. Adding a card file means listing it in its family's array. */
export const CARDS: ReadonlyMap<string, CardSpec> = new Map([...FUNCTION_CARDS, ...OKTA_CARDS].map((card) => [card.type, card]));
