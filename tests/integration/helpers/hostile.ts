/** Partner text that must come back exactly as sent: markup and SQL metacharacters alike. */
export const HOSTILE = {
  reference: `PO-<script>window.__pwned=1</script>' OR '1'='1`,
  supplier: `Acme"; DROP TABLE shipments; -- <b>bold</b>`,
  note: `<img src=x onerror="window.__pwned=1">\\'); DELETE FROM users; --`,
};
