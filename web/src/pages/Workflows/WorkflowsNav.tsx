import { ConsoleLink } from '../../components/ConsoleLink';

/**
 * The Workflows area's pages. The console's navigation has one "Workflows" entry, which opens
 * Connections; every route under /console/workflows/ marks that entry (`nav: WORKFLOWS_NAV` in App.tsx's
 * ROUTES) and shows this sub-navigation above its page.
 */
export const WORKFLOWS_NAV = '/console/workflows/connections';

const SECTIONS = [
  { path: '/console/workflows/connections', label: 'Connections' },
  { path: '/console/workflows/flows', label: 'Flows' },
  { path: '/console/workflows/executions', label: 'Executions' },
] as const;

/** Connections / Flows / Executions; `current` is the section's path (a page below a section passes the section's). */
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
