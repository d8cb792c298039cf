"""Samverkan: collaboration between universities and municipalities, organised around Agenda 2030."""

__version__ = "0.1.0"
