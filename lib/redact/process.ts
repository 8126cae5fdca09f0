// Messages printed outside a run's engine (a command's one-line error: preflight, cleanup, merge)
// can quote an endpoint too. The settings loader registers the configured secret key here, and
// whatever prints such a message passes it through this Redactor (patterns catch signatures).
import { Redactor } from './redact';

export const processRedactor = new Redactor();
