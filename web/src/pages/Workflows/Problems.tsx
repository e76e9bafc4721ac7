/** A refusal in the org's words: the summary, then each cause on its own line (a cause names its JSON path). */
export function Problems({ messages, testId }: { messages: readonly string[]; testId?: string }) {
  const [summary, ...causes] = messages;
  return (
    <div className="problems" role="alert" data-testid={testId}>
      <p>{summary}</p>
      {causes.length > 0 && (
        <ul>
          {causes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
