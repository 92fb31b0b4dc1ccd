"""The case domain (layer 3): agencies, people, disclosure requests and their lifecycle,
review cases, the audit log. A Django app; the pure rules it applies (identity numbers,
fees, outcomes, the working-day clock) live in modules that import no Django."""
