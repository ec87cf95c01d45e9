"""Reading the editors' files: safe YAML, the schemas, the rules a schema cannot say, typed
records, places."""
