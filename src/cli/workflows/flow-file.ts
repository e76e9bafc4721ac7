import { readFile } from 'node:fs/promises';
import { CommandFailed } from './command-options.js';

/** What `--set` names: placeholders such as CONNECTION_ID, GROUP_ID, HELPER_FLOW_ID (examples/README.md). */
export const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A whole JSON string that looks like a placeholder nobody replaced: `"GROUP_ID"`, `"HELPER_FLOW_ID"`. */
const LEFT_PLACEHOLDER = /"([A-Z][A-Z0-9_]*_ID)"/g;

export interface FlowFile {
  definition: unknown;
  /** Placeholder-looking values still in the file after substitution. */
  unreplaced: string[];
}

/**
 * Reads a flow definition file, replacing each `--set NAME=value` placeholder by plain text before parsing
 * (longer names first, so HELPER_FLOW_ID is not eaten by a FLOW_ID). Values are inserted JSON-escaped, so
 * a quote in a value cannot break the file. A name the file does not contain is a mistake: it fails.
 */
export async function readFlowFile(file: string, substitutions: readonly [string, string][]): Promise<FlowFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CommandFailed(`cannot read ${file}: ${(err as Error).message}`);
  }
  for (const [name, value] of [...substitutions].sort(([a], [b]) => b.length - a.length)) {
    if (!text.includes(name)) throw new CommandFailed(`--set ${name}: ${file} does not contain ${name}`);
    text = text.split(name).join(JSON.stringify(value).slice(1, -1));
  }
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (err) {
    throw new CommandFailed(`${file} is not valid JSON${substitutions.length > 0 ? ' after the --set substitutions' : ''}: ${(err as Error).message}`);
  }
  const unreplaced = [...new Set([...text.matchAll(LEFT_PLACEHOLDER)].map((m) => m[1]!))];
  return { definition, unreplaced };
}
