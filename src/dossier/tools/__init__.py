"""Side commands: rules, scaffold, status, XLIFF, interchange, preview,
schemas."""
