import type { CardSpec } from '../card.js';
import { assignIfCard } from './control-assign-if.js';
import { assignCard } from './control-assign.js';
import { continueIfCard } from './control-continue-if.js';
import { returnErrorIfCard } from './control-return-error-if.js';
import { returnErrorCard } from './control-return-error.js';
import { returnRawCard } from './control-return-raw.js';
import { returnCard } from './control-return.js';
import { dateAddCard } from './date-add.js';
import { dateFormatCard } from './date-format.js';
import { dateNowCard } from './date-now.js';
import { callFlowAsyncCard } from './flow-call-async.js';
import { callFlowCard } from './flow-call.js';
import { listAtCard } from './list-at.js';
import { listConstructCard } from './list-construct.js';
import { filterCard } from './list-filter.js';
import { forEachCard } from './list-for-each.js';
import { listLengthCard } from './list-length.js';
import { mapCard } from './list-map.js';
import { listPluckCard } from './list-pluck.js';
import { listToTextCard } from './list-to-text.js';
import { objectConstructCard } from './object-construct.js';
import { objectGetCard } from './object-get.js';
import { composeCard } from './text-compose.js';
import { concatenateCard } from './text-concatenate.js';

/** The built-in function cards (workflows.md §11.2 "Control" and "Data"): no connection, no I/O of their own. */
export const FUNCTION_CARDS: readonly CardSpec[] = [
  assignCard,
  assignIfCard,
  continueIfCard,
  returnCard,
  returnRawCard,
  returnErrorCard,
  returnErrorIfCard,
  callFlowCard,
  callFlowAsyncCard,
  forEachCard,
  mapCard,
  filterCard,
  listLengthCard,
  listAtCard,
  listPluckCard,
  listConstructCard,
  listToTextCard,
  composeCard,
  concatenateCard,
  objectConstructCard,
  objectGetCard,
  dateNowCard,
  dateAddCard,
  dateFormatCard,
];
