"""Who may see whom: the consent and visibility rule for people and expert profiles.

- A **visitor** sees a person who has a public profile (visibility "everyone" *and* recorded
  consent) or who is a designated contact between two organisations (professional contact details
  in a public role). A visitor sees a profile's expertise only when the profile is public.
- A **logged-in user** (partner user, expert) sees every person, and every profile except those
  restricted to coordinators.
- **Coordinators** and system admins see everybody and every profile.
- Everybody sees their own person and profile.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from samverkan.accounts.models import User
from samverkan.accounts.roles import is_coordinator

from .contacts import active
from .models import ContactAssignment, ExpertProfile, Person, Visibility

AnyUser = User | AnonymousUser


def publicly_visible() -> Q:
    is_contact = Exists(ContactAssignment.objects.filter(active(), person=OuterRef("pk")))
    return Q(profile__visibility=Visibility.PUBLIC, profile__consent_at__isnull=False) | Q(
        is_contact
    )


def visible_people(user: AnyUser) -> QuerySet[Person]:
    people = Person.objects.all()
    if user.is_authenticated and user.is_active:
        return people
    return people.filter(publicly_visible())


def can_view_person(user: AnyUser, person: Person) -> bool:
    if user.is_authenticated and user.is_active:
        return True
    return visible_people(user).filter(pk=person.pk).exists()


def can_view_profile(user: AnyUser, profile: ExpertProfile) -> bool:
    if is_coordinator(user) or is_own(user, profile.person):
        return True
    if user.is_authenticated and user.is_active:
        return profile.visibility != Visibility.COORDINATORS
    return profile.is_public


def visible_profiles(user: AnyUser) -> Q:
    """A filter on people for those whose profile the user may read."""
    if is_coordinator(user):
        return Q(profile__isnull=False)
    if user.is_authenticated and user.is_active:
        return Q(profile__isnull=False) & (
            ~Q(profile__visibility=Visibility.COORDINATORS) | Q(user=user)
        )
    return Q(profile__visibility=Visibility.PUBLIC, profile__consent_at__isnull=False)


def is_own(user: AnyUser, person: Person) -> bool:
    return bool(user.is_authenticated and person.user_id == user.pk)


def can_edit_person(user: AnyUser, person: Person) -> bool:
    """Experts edit their own profile; coordinators edit everybody's."""
    return is_own(user, person) or is_coordinator(user)


def can_manage_directory(user: AnyUser) -> bool:
    """Assign contacts, merge duplicates: coordinators and system admins."""
    return is_coordinator(user)
