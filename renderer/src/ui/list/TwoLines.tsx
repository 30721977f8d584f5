type Props = {
  lines: readonly string[];
  className?: string;
  /** The whole text on hover; by default the lines joined. */
  title?: string;
};

/** A cell of two lines (the second smaller), so a row read at 3 m says where and which without an ellipsis. */
export function TwoLines({ lines, className, title }: Props) {
  const [first, second] = lines;
  return (
    <span className={className ? `cell2 ${className}` : 'cell2'} title={title ?? lines.join(' · ')}>
      <span>{first}</span>
      {second !== undefined && <span className="cell2__sub">{second}</span>}
    </span>
  );
}
