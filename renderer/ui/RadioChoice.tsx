/** A labelled group of radio buttons over a fixed set of choices (日付の書き方, CSVの文字コード …). */
export function RadioChoice<K extends string>(props: {
  legend: string;
  name: string;
  labels: Record<K, string>;
  value: K;
  onChange: (value: K) => void;
}) {
  return (
    <fieldset className="field">
      <legend className="field-label">{props.legend}</legend>
      {(Object.keys(props.labels) as K[]).map((k) => (
        <label key={k} className="radio">
          <input type="radio" name={props.name} checked={props.value === k} onChange={() => props.onChange(k)} />
          {props.labels[k]}
        </label>
      ))}
    </fieldset>
  );
}
