"""Give the history written before 0005 the links positions have now.

Historical records older than 0005 have no link rows, which would read as "no links":
a manager's published version would lose its 可直接升迁的职位, and restoring such a
version would delete the position's links. Each of those records gets the position's
current links instead, the best baseline there is (as ``populate_history`` does for
records); a new database has no such records and nothing happens.
"""
from django.db import migrations

LINK_FIELDS = ("dotted_supervisors", "promotion_targets", "lateral_moves")


def copy_current_links(apps, schema_editor):
    Position = apps.get_model("jobs", "Position")
    HistoricalPosition = apps.get_model("jobs", "HistoricalPosition")
    for name in LINK_FIELDS:
        through = Position._meta.get_field(name).remote_field.through
        linked = apps.get_model("jobs", f"HistoricalPosition_{name}")
        links = {}
        for link_id, from_id, to_id in through.objects.values_list("id", "from_position_id", "to_position_id"):
            links.setdefault(from_id, []).append((link_id, to_id))
        if not links:
            continue
        already = set(linked.objects.values_list("history_id", flat=True).distinct())
        rows = [
            linked(id=link_id, from_position_id=position_id, to_position_id=to_id, history_id=history_id)
            for history_id, position_id in HistoricalPosition.objects.filter(id__in=list(links)).values_list("history_id", "id").iterator()
            if history_id not in already
            for link_id, to_id in links[position_id]
        ]
        linked.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0005_history_of_position_links"),
    ]

    operations = [
        migrations.RunPython(copy_current_links, migrations.RunPython.noop),
    ]
