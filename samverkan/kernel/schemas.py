"""API schemas shared by every router."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

# The largest integer SQLite and PostgreSQL store (a signed 64-bit integer).
MAX_INTEGER = 2**63 - 1


class ErrorOut(Schema):
    detail: str


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    """Ninja's ``limit`` and ``offset`` pagination with the offset bounded, so that a caller's
    ``offset`` of 2^63 is a 400 rather than a number the database cannot take."""

    class Input(NinjaLimitOffsetPagination.Input):
        offset: int = Field(0, ge=0, le=MAX_INTEGER // 2)
