import { useWindowVirtualizer } from '@tanstack/react-virtual';
import {
  cloneElement,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
  type ReactElement,
  type ReactNode,
  type Ref,
} from 'react';

/** Lists up to this many rows render whole (short lists, printing, the jsdom renderer tests). */
export const VIRTUAL_THRESHOLD = 60;

/**
 * [the table's <tbody> ref, a function like `rows.map(render)` that renders only the rows in view (and 10
 * either side) once the list is long].
 */
export type VirtualRows<T> = [
  (el: HTMLTableSectionElement | null) => void,
  (render: (row: T, index: number) => ReactElement) => ReactNode[],
];

/**
 * Virtualised rows for a long table (worklists, letters, measures due; issue 18), scrolling with the page:
 *
 *   const [tbodyRef, virtualRows] = useVirtualRows(items, columns);
 *   <Table.Tbody ref={tbodyRef}>{virtualRows((r) => <Table.Tr key={r.id}>…</Table.Tr>)}</Table.Tbody>
 *
 * A list of VIRTUAL_THRESHOLD rows or fewer renders whole. A longer one keeps a real <table> (with
 * aria-rowcount and each row's aria-rowindex) holding the rows in view between two spacer rows; the page
 * scrolls as before, so the header stays where it was and there is no inner scroll box to reach. Tab moves
 * from row to row: the browser scrolls the focused row into view, and the overscan renders the rows past it.
 */
export function useVirtualRows<T>(
  rows: readonly T[],
  columns: number,
  estimateRowHeight = 48,
): VirtualRows<T> {
  const virtual = rows.length > VIRTUAL_THRESHOLD;
  const [body, setBody] = useState<HTMLTableSectionElement | null>(null);
  const [offset, setOffset] = useState(0);
  const virtualizer = useWindowVirtualizer({
    count: virtual ? rows.length : 0,
    estimateSize: () => estimateRowHeight,
    overscan: 10,
    scrollMargin: offset,
  });
  const measured = useRef(0);

  useLayoutEffect(() => {
    if (!body) return;
    const top = body.getBoundingClientRect().top + window.scrollY;
    if (Math.abs(top - measured.current) > 1) {
      measured.current = top;
      setOffset(top);
    }
    const table = body.closest('table');
    if (table) {
      if (virtual) table.setAttribute('aria-rowcount', String(rows.length + 1));
      else table.removeAttribute('aria-rowcount');
    }
  }, [body, virtual, rows.length]);

  const attach = useCallback((el: HTMLTableSectionElement | null) => setBody(el), []);

  const map = (render: (row: T, index: number) => ReactElement): ReactNode[] => {
    if (!virtual) return rows.map((r, i) => render(r, i));
    const items = virtualizer.getVirtualItems();
    const before = (items[0]?.start ?? offset) - offset;
    const after = virtualizer.getTotalSize() - ((items[items.length - 1]?.end ?? offset) - offset);
    const spacer = (height: number, key: string) =>
      height > 0 ? (
        <tr key={key} aria-hidden="true" data-virtual-spacer="">
          <td colSpan={columns} style={{ height, padding: 0, border: 0 }} />
        </tr>
      ) : null;
    return [
      spacer(before, 'virtual-before'),
      ...items.map((item) => {
        const el = render(rows[item.index]!, item.index) as ReactElement<{
          ref?: Ref<HTMLElement>;
          'data-index'?: number;
          'aria-rowindex'?: number;
        }>;
        return cloneElement(el, {
          ref: virtualizer.measureElement,
          'data-index': item.index,
          'aria-rowindex': item.index + 2,
        });
      }),
      spacer(after, 'virtual-after'),
    ];
  };

  return [attach, map];
}
