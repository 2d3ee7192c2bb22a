"""Cluster comparison (so sánh cụm thi đua): the schools of one cluster side by side on its rubric, and the
same schools year over year, as charts, a table, Excel, PDF and the API. Reads the public schema only."""
