"""Rolling a plan into the next period: a preview of what is copied, carried over and
proposed, and the service that makes next period's draft from the editor's choices."""
