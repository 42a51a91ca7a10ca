/**
 * Widths of single characters in one font, measured once each on a canvas: enough to decide
 * whether a short label fits a box without laying it out (kerning aside, which the callers'
 * margins absorb).
 */
export class CharWidths {
  readonly #widths = new Map<string, number>();
  readonly #context: CanvasRenderingContext2D | null;

  constructor(font: string) {
    this.#context = document.createElement('canvas').getContext('2d');
    if (this.#context) this.#context.font = font;
  }

  /** Width of `char` in CSS pixels (a generous estimate where no canvas is available). */
  readonly of = (char: string): number => {
    let width = this.#widths.get(char);
    if (width === undefined) {
      width = this.#context ? this.#context.measureText(char).width : 8;
      this.#widths.set(char, width);
    }
    return width;
  };
}
