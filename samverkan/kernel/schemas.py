"""API schemas shared by every router."""

from ninja import Schema


class ErrorOut(Schema):
    detail: str
