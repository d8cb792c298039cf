from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import SearchForm
from .search import search as run_search
from .services import MatchError

EXAMPLES = (
    "kompetensförsörjning i äldreomsorgen",
    "klimatanpassning skyfall",
    "vi har svårt att behålla undersköterskor i hemtjänsten",
    "exjobb om cirkulär ekonomi",
)


def search(request: HttpRequest) -> HttpResponse:
    """One search across experts, offerings, collaborations and organisations."""
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        data = form.cleaned_data
        county = data["county"]
        try:
            results = run_search(
                request.user,
                data["q"],
                kind=data["kind"],
                goal=data["goal"],
                county_code=county.code if county else "",
                page_number=request.GET.get("page"),
            )
        except MatchError as error:
            form.add_error("q", str(error))
    query = request.GET.copy()
    query.pop("page", None)
    every_kind = query.copy()
    every_kind.pop("kind", None)
    return render(
        request,
        "matching/search.html",
        {
            "form": form,
            "results": results,
            "examples": EXAMPLES,
            "query_string": query.urlencode(),
            "any_kind_query": every_kind.urlencode(),
            "kind": form.cleaned_data.get("kind", "") if form.is_bound and form.is_valid() else "",
        },
    )
