"""dossier: turn a Markdown dossier into finished United Nations documents."""

__version__ = "0.1.0"
