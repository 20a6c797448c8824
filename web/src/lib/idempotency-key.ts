// One key per submission of a form that must not act twice when sent twice (a purchase, a top-up). Not
// crypto.randomUUID, which browsers offer only on secure origins: the site may be served over plain http.
export const newIdempotencyKey = () =>
  `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
