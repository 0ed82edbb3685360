/** A table's column headers; an empty name makes an unlabelled column (for row buttons). */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: headers are fixed per table and may repeat ''
          <th key={i} scope="col">
            {c || undefined}
          </th>
        ))}
      </tr>
    </thead>
  );
}
