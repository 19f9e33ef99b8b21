import { CSP_NONCE_META } from '@shared/api/security';

/** The per-page nonce the host put in a meta tag; the CSP accepts <style> elements only with it. */
export const cspNonce: string | undefined = document.querySelector<HTMLMetaElement>(`meta[name="${CSP_NONCE_META}"]`)?.content || undefined;

/**
 * Some antd internals (the scroll lock of Modal and Drawer, Table's scrollbar measurement) insert
 * <style> elements through their own helper, which ignores ConfigProvider's `csp` option, and the
 * strict CSP (no 'unsafe-inline') then drops them. Every <style> the app's own code inserts gets the
 * nonce here, so all components work under the CSP without loosening it; markup parsed from strings
 * (innerHTML) does not pass through these methods and stays blocked.
 */
export function nonceStyleInsertions(nonce: string | undefined): void {
  if (!nonce) return;
  const mark = (node: Node) => {
    if (node instanceof HTMLStyleElement && !node.nonce) node.nonce = nonce;
  };
  const { appendChild, insertBefore, prepend, append } = {
    appendChild: Node.prototype.appendChild,
    insertBefore: Node.prototype.insertBefore,
    prepend: Element.prototype.prepend,
    append: Element.prototype.append,
  };
  Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
    mark(node);
    return appendChild.call(this, node) as T;
  };
  Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T {
    mark(node);
    return insertBefore.call(this, node, child) as T;
  };
  Element.prototype.prepend = function (this: Element, ...nodes: (Node | string)[]) {
    nodes.forEach((n) => typeof n !== 'string' && mark(n));
    prepend.apply(this, nodes);
  };
  Element.prototype.append = function (this: Element, ...nodes: (Node | string)[]) {
    nodes.forEach((n) => typeof n !== 'string' && mark(n));
    append.apply(this, nodes);
  };
}
