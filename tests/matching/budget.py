"""What one ``match`` may cost in queries: a number that follows the matched kinds and the
backend, never the number of documents."""

from samverkan.kernel import searchable
from samverkan.matching import vectorindex
from samverkan.matching.services import MATCH_KINDS


def match_query_budget() -> int:
    """The index version and the sentences once; per kind at most its ranking, its vectors and
    the permission check, one more for a kind that keeps only its current objects; with pgvector
    each kind also asks for its nearest documents and for the cosines of the others that share
    a term."""
    current = sum(1 for kind in MATCH_KINDS if searchable.get(kind).current is not None)
    budget = 2 + 3 * len(MATCH_KINDS) + current
    if vectorindex.enabled():
        budget += 2 * len(MATCH_KINDS)
    return budget
