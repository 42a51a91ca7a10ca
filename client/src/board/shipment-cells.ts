import type { Shipment } from '@dockwatch/shared';
import { signal, type ReadonlySignal, type Signal } from '@preact/signals';

/**
 * One signal per shipment on the board. A delta batch replaces the board map, which every
 * list reads; rows and timeline bars read their own cell instead, so a batch re-renders the
 * shipments it changed and leaves the other thousands alone.
 */
export class ShipmentCells {
  readonly #cells = new Map<string, Signal<Shipment | undefined>>();

  /** The shipment's cell, created from `board` on first use; undefined once it left the board. */
  cell(id: string, board: ReadonlyMap<string, Shipment>): ReadonlySignal<Shipment | undefined> {
    let cell = this.#cells.get(id);
    if (!cell) {
      cell = signal(board.get(id));
      this.#cells.set(id, cell);
    }
    return cell;
  }

  /**
   * Brings the cells of `changed` in line with `board`, or every cell when `changed` is
   * omitted (a snapshot), and forgets cells of shipments no longer on a snapshot's board. Call
   * it in the same `batch` as the board change, so lists and rows render once, together.
   */
  sync(board: ReadonlyMap<string, Shipment>, changed?: Iterable<string>): void {
    if (changed) {
      // A departed shipment's cell stays (empty) until the next snapshot: its row may still be
      // mounted until the list that drops it renders.
      for (const id of changed) {
        const cell = this.#cells.get(id);
        if (cell) cell.value = board.get(id);
      }
      return;
    }
    for (const [id, cell] of this.#cells) {
      cell.value = board.get(id);
      if (cell.value === undefined) this.#cells.delete(id);
    }
  }

  /** Number of cells held (for tests and diagnostics). */
  get size(): number {
    return this.#cells.size;
  }
}
