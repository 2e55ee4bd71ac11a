"""Social-security service: insured persons and households, enrolments, contributions, benefit
claims, poverty-aid verification and elderly care (issue 13, DESIGN §1)."""
