from django.db import migrations

PRIORITY_GROUP_TAGS = [
    ("children", "barn och unga"),
    ("disabilities", "personer med funktionsnedsättning"),
    ("minorities", "nationella minoriteter"),
    ("mother_tongue", "personer med annat modersmål än svenska"),
]


def create_priority_group_tags(apps, schema_editor):
    Tag = apps.get_model("plans", "Tag")
    for code, name in PRIORITY_GROUP_TAGS:
        Tag.objects.update_or_create(priority_group=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [
        migrations.RunPython(create_priority_group_tags, migrations.RunPython.noop),
    ]
