import type { ReactNode } from 'react';
import { triggerDetail, triggerLabel } from './format';
import type { CardDef, CardType, Condition, Connection, FlowDefinition, InputValue } from './types';

interface Context {
  catalogue: Map<string, CardType>;
  connections: Map<string, Connection>;
}

/**
 * A definition card by card, as Okta's flow designer lays it out: the trigger, then each card in order
 * with its title and type from the card catalogue, its connection, and each input with where its value
 * comes from; containers show their sections indented under them.
 */
export function FlowCardView({ definition, catalogue, connections }: { definition: FlowDefinition } & Context) {
  const ctx = { catalogue, connections };
  const trigger = definition.trigger;
  const detail = triggerDetail(trigger);
  return (
    <ol className="flow-cards" data-testid="card-view">
      <li className="flow-card trigger-card" data-card-id={trigger.id}>
        <div className="card-head">
          <span className="card-title">When: {triggerLabel(trigger.type)}</span>
          <code className="card-type">{trigger.type}</code>
          <span className="card-id">id {trigger.id}</span>
        </div>
        {detail && <p className="card-line">{detail}</p>}
        {trigger.connectionId && <p className="card-line">Connection: {connectionName(trigger.connectionId, ctx)}</p>}
        {trigger.inputs && trigger.inputs.length > 0 && (
          <dl className="card-inputs">
            {trigger.inputs.map((field) => (
              <div key={field.key}>
                <dt>{field.key}</dt>
                <dd className="muted">{field.type} input</dd>
              </div>
            ))}
          </dl>
        )}
      </li>
      {definition.cards.map((card, index) => (
        <CardItem key={card.id} card={card} position={`${index + 1}`} ctx={ctx} />
      ))}
    </ol>
  );
}

function CardItem({ card, position, ctx }: { card: CardDef; position: string; ctx: Context }) {
  const spec = ctx.catalogue.get(card.type);
  const inputs = card.inputs ?? {};
  // The catalogue's inputs that the card leaves unset, so a missing required one shows.
  const unset = spec ? Object.entries(spec.inputs).filter(([key]) => !(key in inputs)) : [];
  return (
    <li className="flow-card" data-card-id={card.id}>
      <div className="card-head">
        <span className="card-position">{position}</span>
        <span className="card-title">{card.title ?? spec?.title ?? card.type}</span>
        <code className="card-type">{card.type}</code>
        <span className="card-id">id {card.id}</span>
      </div>
      {!spec && <p className="card-line warn-text">Not a card type Keyflow knows.</p>}
      {card.connectionId && <p className="card-line">Connection: {connectionName(card.connectionId, ctx)}</p>}
      {card.flowId && <p className="card-line">Helper flow: {card.flowId}</p>}
      {(Object.keys(inputs).length > 0 || unset.length > 0) && (
        <dl className="card-inputs">
          {Object.entries(inputs).map(([key, input]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{describeInput(input)}</dd>
            </div>
          ))}
          {unset.map(([key, def]) => (
            <div key={key} className="unset">
              <dt>{key}</dt>
              <dd className="muted">{def.required ? 'required, not set' : 'not set'}</dd>
            </div>
          ))}
        </dl>
      )}
      {card.condition && <p className="card-line">If {describeCondition(card.condition)}</p>}
      {card.errorHandling && (
        <p className="card-line">
          On error: retry {card.errorHandling.retry} time{card.errorHandling.retry === 1 ? '' : 's'}, then {card.errorHandling.then.replace('_', ' ')}
          {card.errorHandling.flowId ? ` (${card.errorHandling.flowId})` : ''}
        </p>
      )}
      {sectionsOf(card).map(([label, cards]) => (
        <Section key={label} label={label} cards={cards} position={position} ctx={ctx} />
      ))}
    </li>
  );
}

function Section({ label, cards, position, ctx }: { label: ReactNode; cards: CardDef[]; position: string; ctx: Context }) {
  return (
    <div className="card-section">
      <p className="section-label">{label}</p>
      {cards.length === 0 ? (
        <p className="muted card-line">No cards.</p>
      ) : (
        <ol className="flow-cards nested">
          {cards.map((child, i) => (
            <CardItem key={child.id} card={child} position={`${position}.${i + 1}`} ctx={ctx} />
          ))}
        </ol>
      )}
    </div>
  );
}

/** A container's sections in the order they read: Then/Else, each If … case then Else, Try/If error. */
function sectionsOf(card: CardDef): [string, CardDef[]][] {
  if (card.type === 'control.ifElse') return [['Then', card.then ?? []], ['Else', card.else ?? []]];
  if (card.type === 'control.ifElseIf') return [...(card.cases ?? []).map((c, i): [string, CardDef[]] => [`${i === 0 ? 'If' : 'Else if'} ${describeCondition(c.condition)}`, c.cards]), ['Else', card.else ?? []]];
  if (card.type === 'control.ifError') return [['Try', card.try ?? []], ['If error', card.ifError ?? []]];
  return [];
}

function connectionName(id: string, ctx: Context): string {
  const c = ctx.connections.get(id);
  return c ? `${c.nickname} (${c.status})` : id;
}

/** An input in words: `← read.profile.email` for a reference, the constant as JSON otherwise. */
export function describeInput(input: InputValue | undefined): string {
  if (!input || typeof input !== 'object') return JSON.stringify(input) ?? '';
  if ('ref' in input) return `← ${input.ref}${input.convert ? ` (${input.convert})` : ''}`;
  if ('value' in input) return JSON.stringify(input.value);
  return JSON.stringify(input);
}

function describeCondition(c: Condition): string {
  return `${describeInput(c.a)} ${c.op}${c.b ? ` ${describeInput(c.b)}` : ''}${c.type && c.type !== 'text' ? ` (as ${c.type})` : ''}`;
}
