"""Docs-site content generated from the dbt manifest: marts' production names and relationships,
ERDs and the architecture picture (`esa docs`)."""
