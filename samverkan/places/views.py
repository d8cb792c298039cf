"""The municipality list; a municipality's own page is composed in the site layer
(:mod:`samverkan.site.municipality`), because it shows every domain's data about the place."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import MunicipalityFilterForm
from .services import filter_municipalities, group_by_county, municipalities_with_context


def municipality_list(request: HttpRequest) -> HttpResponse:
    form = MunicipalityFilterForm(request.GET or None)
    municipalities = municipalities_with_context()
    filtered = bool(request.GET) and form.is_valid()
    if filtered:
        municipalities = filter_municipalities(
            municipalities,
            county=form.cleaned_data["county"],
            association=form.cleaned_data["association"],
            text=form.cleaned_data["q"],
        )
    municipalities = list(municipalities.order_by("county__code", "name"))
    template = (
        "places/includes/municipality_results.html"
        if request.headers.get("HX-Request")
        else "places/municipality_list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "counties": group_by_county(municipalities),
            "result_count": len(municipalities),
            "filtered": filtered,
        },
    )
