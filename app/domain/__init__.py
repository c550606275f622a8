"""Pure rules on plain values: deadlines, fees, identity numbers, eligibility. No database, no Qt."""
