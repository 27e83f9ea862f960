"""Create the demo users admin, hr, manager and reviewer, and two job descriptions waiting for review.

Passwords come from DEMO_ADMIN_PASSWORD / DEMO_HR_PASSWORD / DEMO_MANAGER_PASSWORD /
DEMO_REVIEWER_PASSWORD when set; otherwise a random one is generated and printed once.  An
existing user keeps its password, so re-running never locks anybody out.

Once the demo company is loaded (``load_demo``), hr edits two published job descriptions
(``DEMO_REVIEWS``) and submits them for review, so that reviewer finds them in 待审核 with the
difference from the published version. A position that has had a review round is left alone.
"""
import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from jobs.models import Position, PositionReview
from jobs.roles import REVIEWER_GROUP
from jobs.services import submit_for_review

DEMO_USERS = (
    # username, group, is_staff, is_superuser
    ("admin", None, True, True),
    ("hr", "HR", True, False),
    ("manager", "Manager", False, False),
    ("reviewer", REVIEWER_GROUP, False, False),
)
DEMO_REVIEWS = (  # code, field, text added to it
    ("MEX-05", "summary", "另负责整理每月市场分析报告，报市场经理审阅。"),
    ("GCD-06", "remarks", "拟增加：每季度参加一次产品培训。"),
)


class Command(BaseCommand):
    help = "Create the demo users admin, hr, manager and reviewer, print their passwords once, and put two job descriptions in review."

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

        self.put_demo_reviews(User.objects.get(username="hr"))

    def put_demo_reviews(self, hr):
        for code, field, text in DEMO_REVIEWS:
            position = Position.objects.filter(code=code, status=Position.Status.PUBLISHED).first()
            if position is None or PositionReview.objects.filter(position=position).exists():
                continue
            with transaction.atomic():
                setattr(position, field, f"{getattr(position, field)}{text}")
                position.status = Position.Status.DRAFT
                position._history_user, position._change_reason = hr, "演示：待审核的修订"
                position.save()
                submit_for_review(position=position, user=hr)
            self.stdout.write(f"  {code} submitted for review by hr")
