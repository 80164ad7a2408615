"""Check-ins, daily report, plan-vs-actual and projections."""
