"""The municipality list; a municipality's own page is composed in the site layer
(:mod:`samverkan.site.municipality`), because it shows every domain's data about the place."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import MunicipalityFilterForm
from .services import (
    filter_municipalities,
    find_municipalities,
    group_by_county,
    municipalities_with_context,
)


def municipality_list(request: HttpRequest) -> HttpResponse:
    """The finder: a search that names one municipality goes straight to its page; one that
    names a county or region lists the county's municipalities and says so."""
    form = MunicipalityFilterForm(request.GET or None)
    municipalities = municipalities_with_context()
    filtered = bool(request.GET) and form.is_valid()
    finding = None
    if filtered:
        data = form.cleaned_data
        municipalities = filter_municipalities(
            municipalities, county=data["county"], association=data["association"]
        )
        if data["q"].strip():
            finding = find_municipalities(data["q"])
            municipalities = municipalities.filter(code__in=finding.codes)
    municipalities = list(municipalities.order_by("county__code", "name"))
    htmx = bool(request.headers.get("HX-Request"))
    if finding is not None and finding.county is None and len(municipalities) == 1 and not htmx:
        return redirect(municipalities[0])
    return render(
        request,
        "places/includes/municipality_results.html" if htmx else "places/municipality_list.html",
        {
            "form": form,
            "counties": group_by_county(municipalities),
            "result_count": len(municipalities),
            "filtered": filtered,
            "found_county": finding.county if finding else None,
        },
    )
