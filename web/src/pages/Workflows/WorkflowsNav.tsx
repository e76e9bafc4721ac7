import { ConsoleLink } from '../../components/ConsoleLink';

const SECTIONS = [
  { path: '/console/workflows/connections', label: 'Connections' },
  { path: '/console/workflows/flows', label: 'Flows' },
  { path: '/console/workflows/executions', label: 'Executions' },
] as const;

/** The Workflows pages' own navigation, under the console's: the current section is marked. */
export function WorkflowsNav({ current }: { current: (typeof SECTIONS)[number]['path'] }) {
  return (
    <nav className="subnav" aria-label="Workflows">
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.path}>
            <ConsoleLink to={s.path} aria-current={s.path === current ? 'page' : undefined}>
              {s.label}
            </ConsoleLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
