import importlib

# The same first migration as release 1: release 2 only adds 0002.
Migration = importlib.import_module("bench.migrate_app.release1.0001_initial").Migration
