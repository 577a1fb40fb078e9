"""Reading a dossier into typed data: sections, translations, incident
records, sources, exhibits, images."""
