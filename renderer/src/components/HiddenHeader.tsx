/** A column header only screen readers read (a column of radios or of row buttons needs a name, not a visible one). */
export function HiddenHeader({ children }: { children: string }) {
  return (
    <th scope="col">
      <span className="visually-hidden">{children}</span>
    </th>
  );
}
