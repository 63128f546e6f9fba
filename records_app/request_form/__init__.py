"""The records request form, shared by the public blueprint (a requester fills it in online)
and the staff blueprint (staff enter a request that arrived on paper): its fields, checks,
choices, and the step that turns a valid form into a new request."""
