from django.db import migrations


def load(apps, schema_editor):
    from verksam.statistics.reference import skr_groups_load

    skr_groups_load(apps.get_model("statistics", "PeerGroup"))


class Migration(migrations.Migration):
    dependencies = [("statistics", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
