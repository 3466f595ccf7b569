import { useRef, type ReactNode } from 'react';

/**
 * A button that opens the file dialog, with the hidden input behind it. The input is cleared after each pick,
 * so choosing the same file again (after fixing it) is seen as a new choice.
 */
export function FileButton(props: {
  children: ReactNode;
  /** The input's accessible name: tests and screen readers find the picker by it. */
  label: string;
  accept: string;
  onFile: (file: File) => void;
  className?: string;
  disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={props.className} disabled={props.disabled} onClick={() => input.current?.click()}>
        {props.children}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        aria-label={props.label}
        accept={props.accept}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) props.onFile(f);
        }}
      />
    </>
  );
}
