"""Samverkan: collaboration between universities and municipalities around Agenda 2030."""

__version__ = "0.1.0"
