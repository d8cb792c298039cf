"""Arenas and their member organisations."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from samverkan.kernel.schemas import ErrorOut

from .models import Arena, ArenaMembership

router = Router(tags=["arenas"])


class MemberOut(Schema):
    id: int
    name_sv: str
    kind: str


class ArenaOut(Schema):
    slug: str
    name_sv: str
    name_en: str
    description_sv: str
    description_en: str
    colour: str
    website: str
    contact_email: str
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj: Arena) -> list:
        return [membership.organization for membership in obj.memberships.all()]


def arenas() -> QuerySet[Arena]:
    return Arena.objects.filter(is_active=True).prefetch_related(
        Prefetch("memberships", queryset=ArenaMembership.objects.select_related("organization"))
    )


@router.get("/arenas", response=list[ArenaOut], summary="Active arenas")
def list_arenas(request: HttpRequest) -> list[Arena]:
    return list(arenas())


@router.get("/arenas/{slug}", response={200: ArenaOut, 404: ErrorOut}, summary="One arena")
def get_arena(request: HttpRequest, slug: str) -> Arena:
    arena = arenas().filter(slug=slug).first()
    if arena is None:
        raise Http404(f"No arena called {slug}.")
    return arena
