import importlib

Migration = importlib.import_module("tests.tenants.runner_app.release1.0001_initial").Migration
