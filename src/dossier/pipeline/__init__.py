"""The stages in order (load, assemble, render, seal) for `dossier build`,
the preview and the Make steps."""
