"""Settings per environment: ``development`` (default), ``production`` and ``test``."""
