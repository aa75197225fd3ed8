// A tiny ANSI styling helper for the table reporter. Reporters never detect terminals: the CLI
// passes `color`, and with it off every style is the identity, so plain output carries no escapes.
// Styles wrap text that has already been through sanitize(), so the only ESC bytes in the output
// are the ones written here.

export type Style = "bold" | "dim" | "underline" | "red" | "yellow" | "cyan" | "green" | "magenta";

const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
};

export type Painter = (text: string, ...styles: Style[]) => string;

/** A painter that applies SGR styles when `color` is true and returns text unchanged otherwise. */
export function painter(color: boolean): Painter {
  if (!color) return (text) => text;
  return (text, ...styles) => {
    if (text === "" || styles.length === 0) return text;
    let open = "";
    let close = "";
    for (const s of styles) {
      const [on, off] = CODES[s];
      open += `\u001b[${on}m`;
      close = `\u001b[${off}m${close}`;
    }
    return `${open}${text}${close}`;
  };
}
