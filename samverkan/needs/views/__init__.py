"""Views of the needs flow: submission (``submission``), the pages that show needs (``pages``)
and the coordinators' work (``coordination``)."""
