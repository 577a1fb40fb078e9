"""An edition's view of the dossier, and the check of what it shows."""
