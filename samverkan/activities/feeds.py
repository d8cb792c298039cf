"""Personal calendar feeds: a secret address per feed that lists what one account is registered
for or organises, for a calendar client to subscribe to.

The secret is shown once, when the feed is made; the database keeps only its SHA-256, so a copy
of the database opens no feed. A feed is found by looking its hash up (an indexed equality in the
database, no string comparison in Python), and a revoked feed answers as if it never existed.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.models import User

from .models import Activity, PersonalFeed, Registration, RegistrationStatus
from .selectors import FEED_HISTORY, visible_activities

SECRET_BYTES = 32  # 43 characters in the address
SECRET_MAX_LENGTH = 100  # longer text is no secret of ours: not even hashed
MAX_ACTIVE_FEEDS = 10


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_feed(user: User) -> tuple[PersonalFeed, str]:
    """A new feed and its secret, which is never stored and cannot be shown again."""
    if active_feeds(user).count() >= MAX_ACTIVE_FEEDS:
        raise ValidationError(
            _("You have %(count)s calendar addresses. Stop using one before you make another.")
            % {"count": MAX_ACTIVE_FEEDS}
        )
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return PersonalFeed.objects.create(user=user, token_hash=_hash(secret)), secret


@transaction.atomic
def revoke_feed(user: User, feed: PersonalFeed) -> None:
    """Its address answers 404 from now on; only the feed's own account may revoke it."""
    if feed.user_id != user.pk:
        raise PermissionDenied(_("This calendar address is not yours."))
    PersonalFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def record_use(feed: PersonalFeed) -> None:
    """One UPDATE per request, so the account page can say when a calendar last read the feed."""
    PersonalFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())


def feed_for_secret(secret: str) -> PersonalFeed | None:
    """The active feed of an active account that ``secret`` opens, or ``None``."""
    if not secret or len(secret) > SECRET_MAX_LENGTH:
        return None
    return (
        PersonalFeed.objects.select_related("user")
        .filter(token_hash=_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def active_feeds(user: User) -> QuerySet[PersonalFeed]:
    return PersonalFeed.objects.filter(user=user, revoked_at__isnull=True)


def my_activities(user: User) -> QuerySet[Activity]:
    """What the account is registered for (by account or by its e-mail address, a cancelled
    registration does not count) or organises (made it, or is one of its people), among the
    activities it may see; cancelled activities stay in so calendars learn of the cancellation.
    """
    registrations = Registration.objects.exclude(status=RegistrationStatus.CANCELLED)
    mine = Q(user=user)
    if user.email:
        mine |= Q(email=user.email.strip().lower())
    involved = Q(pk__in=registrations.filter(mine).values("activity_id")) | Q(created_by=user)
    person = getattr(user, "person", None)
    if person is not None:
        involved |= Q(
            pk__in=Activity.people.through.objects.filter(person=person).values("activity_id")
        )
    return visible_activities(user).filter(involved)


def feed_activities(user: User) -> QuerySet[Activity]:
    """The feed's events: the account's activities from ``FEED_HISTORY`` back."""
    return my_activities(user).filter(ends_at__gte=timezone.now() - FEED_HISTORY)
