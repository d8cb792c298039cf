"""Samverkan: collaboration between universities and municipalities around Agenda 2030."""

import os

__version__ = "0.1.0"

# One BLAS thread for numpy: the embedding model's own threads already use the cores, and two
# spinning thread pools on a small machine make each query several times slower (see
# docs/matching.md). It has to be set before numpy is first imported, hence here.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
