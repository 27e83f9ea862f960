"""Create the demo users admin, hr and manager.

Passwords come from DEMO_ADMIN_PASSWORD / DEMO_HR_PASSWORD / DEMO_MANAGER_PASSWORD when
set; otherwise a random one is generated and printed once.  An existing user keeps its
password, so re-running never locks anybody out.
"""
import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

DEMO_USERS = (
    # username, group, is_staff, is_superuser
    ("admin", None, True, True),
    ("hr", "HR", True, False),
    ("manager", "Manager", False, False),
)


class Command(BaseCommand):
    help = "Create the demo users admin, hr and manager and print their passwords once."

    def handle(self, *args, **options):
        User = get_user_model()
        for username, group, is_staff, is_superuser in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": is_staff, "is_superuser": is_superuser}
            )
            if group:
                user.groups.add(Group.objects.get(name=group))
            env_password = os.environ.get(f"DEMO_{username.upper()}_PASSWORD")
            if created or env_password:
                password = env_password or secrets.token_urlsafe(9)
                user.set_password(password)
                user.save()
                shown = "(from environment)" if env_password else password
                self.stdout.write(f"  {username:<8} password: {shown}")
            else:
                self.stdout.write(f"  {username:<8} exists, password unchanged")
