// The CSRF token for unsafe requests: Django's csrftoken cookie, else <meta name="csrf-token">.

export function csrfToken(doc: Document = document): string {
  const match = doc.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="csrf-token"]');
  return meta?.content ?? "";
}
