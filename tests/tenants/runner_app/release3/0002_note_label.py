import importlib

Migration = importlib.import_module("tests.tenants.runner_app.release2.0002_note_label").Migration
