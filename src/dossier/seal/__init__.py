"""After rendering: the leak scan of the outputs, the manifest and verify,
signing."""
