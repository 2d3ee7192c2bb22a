"""The office's dashboard: every school of the office on one screen for a school year, read from the
public schema alone (SchoolFacts, Submissions, cluster seats and results, the office's deadlines) in a
fixed number of queries whatever the number of schools (DESIGN.md §3 rule 2)."""
